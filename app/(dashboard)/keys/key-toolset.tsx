/**
 * Which toolset an active key sees, changeable in place: choosing another
 * (or All tools) binds the key at once, keeping its mode override, and open
 * sessions of the key get the new tool list within a second.
 */
'use client';
import { useState } from 'react';
import { api, failureMessage } from '../../_lib/api.ts';

export interface ToolsetOption {
  id: string;
  name: string;
}

export function KeyToolset({ keyId, keyName, toolsetId, mode, toolsets, onBound }: { keyId: string; keyName: string; toolsetId: string | null; mode: 'flat' | 'progressive' | null; toolsets: readonly ToolsetOption[]; onBound: () => void }) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function bind(value: string) {
    setPending(true);
    setError(null);
    try {
      const result = await api.keys({ id: keyId }).toolset.put({ toolsetId: value || null, mode });
      if (result.data === null) setError(failureMessage(result.error));
      else onBound();
    } catch (thrown) {
      setError(`Could not reach the hub (${(thrown as Error).message}). Is it running?`);
    } finally {
      setPending(false);
    }
  }
  return (
    <div className="flex flex-col gap-1">
      <select aria-label={`Toolset of ${keyName}`} value={toolsetId ?? ''} disabled={pending} onChange={(event) => void bind(event.currentTarget.value)} className="rounded border border-gray-300 bg-white px-2 py-1 text-sm">
        <option value="">All tools</option>
        {toolsets.map((toolset) => (
          <option key={toolset.id} value={toolset.id}>
            {toolset.name}
          </option>
        ))}
      </select>
      {mode && <span className="text-xs text-gray-600">{mode}</span>}
      {error && (
        <p role="alert" className="text-sm text-red-900">
          {error}
        </p>
      )}
    </div>
  );
}
