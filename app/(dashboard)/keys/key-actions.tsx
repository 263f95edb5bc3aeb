/**
 * Rotate and Revoke for one active key. Revoking asks first, as clients using
 * the key are refused at once; rotating does not, as it hands back the key
 * that replaces it.
 */
'use client';
import { useState } from 'react';
import { api } from '../../_lib/api.ts';
import { useSubmit } from '../../_lib/use-submit.ts';
import type { ShownKey } from './new-key.tsx';

const BUTTON = 'rounded border border-gray-300 bg-white px-3 py-1 text-sm disabled:opacity-60';

export function KeyActions({ id, name, onRotated, onRevoked }: { id: string; name: string; onRotated: (shown: ShownKey) => void; onRevoked: () => void }) {
  const [confirming, setConfirming] = useState(false);
  const rotate = useSubmit(() => api.keys({ id }).rotate.post(), (rotated) => onRotated({ name: rotated.record.name, key: rotated.key }));
  const revoke = useSubmit(() => api.keys({ id }).delete(), onRevoked);
  const pending = rotate.pending || revoke.pending;
  const error = rotate.error ?? revoke.error;
  return (
    <div className="flex flex-col gap-2">
      {/* Distinct keys: reusing one <form> would turn the Revoke button under the click into the submit button before the click's default action, revoking unasked. */}
      {confirming ? (
        <form key="confirm" onSubmit={revoke.onSubmit} role="group" aria-label={`Confirm revoking ${name}`} className="flex flex-wrap items-center gap-2">
          <span className="text-sm">Revoke &ldquo;{name}&rdquo;? Clients using it are refused at once.</span>
          <button type="submit" disabled={pending} className="rounded bg-red-700 px-3 py-1 text-sm font-medium text-white disabled:opacity-60">
            {revoke.pending ? 'Revoking…' : `Yes, revoke ${name}`}
          </button>
          <button type="button" onClick={() => setConfirming(false)} className={BUTTON}>
            Cancel
          </button>
        </form>
      ) : (
        <form key="actions" onSubmit={rotate.onSubmit} className="flex gap-2">
          <button type="submit" disabled={pending} aria-label={`Rotate ${name}`} className={BUTTON}>
            {rotate.pending ? 'Rotating…' : 'Rotate'}
          </button>
          <button type="button" disabled={pending} aria-label={`Revoke ${name}`} onClick={() => setConfirming(true)} className={BUTTON}>
            Revoke
          </button>
        </form>
      )}
      {error && (
        <p role="alert" className="text-sm text-red-900">
          {error}
        </p>
      )}
    </div>
  );
}
