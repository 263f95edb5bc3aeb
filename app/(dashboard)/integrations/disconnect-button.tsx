/**
 * Disconnecting an integration, after a confirm step: its tools leave every
 * open session at once, an OAuth grant is revoked at the provider and the
 * stored credential is deleted. `onDone` gets what to tell the person,
 * including a revoke the provider refused (the local delete happened anyway).
 */
'use client';
import { useState } from 'react';
import { api } from '../../_lib/api.ts';
import { useSubmit } from '../../_lib/use-submit.ts';
import type { Integration } from './catalog.ts';

const BUTTON = 'rounded border border-gray-300 bg-white px-3 py-1 text-sm disabled:opacity-60';

export function DisconnectButton({ integration, onDone }: { integration: Integration; onDone: (notice: string) => void }) {
  const [confirming, setConfirming] = useState(false);
  const name = integration.name;
  const disconnect = useSubmit(() => api.integrations({ slug: integration.slug }).delete(), ({ revoke }) => onDone(outcomeOf(name, revoke)));
  return (
    <>
      {confirming ? (
        <form onSubmit={disconnect.onSubmit} role="group" aria-label={`Confirm disconnecting ${name}`} className="flex basis-full flex-wrap items-center gap-2 rounded border border-red-300 bg-red-50 p-2">
          <span className="text-sm">Disconnect {name}? Its tools leave your AI clients at once and {integration.via === 'oauth' ? `MCP Hub's access is revoked at ${name}` : 'the stored token is deleted'}.</span>
          <button type="submit" disabled={disconnect.pending} className="rounded bg-red-700 px-3 py-1 text-sm font-medium text-white disabled:opacity-60">
            {disconnect.pending ? 'Disconnecting…' : `Yes, disconnect ${name}`}
          </button>
          <button type="button" onClick={() => setConfirming(false)} className={BUTTON}>
            Cancel
          </button>
        </form>
      ) : (
        <button type="button" onClick={() => setConfirming(true)} className={BUTTON}>
          Disconnect<span className="sr-only"> {name}</span>
        </button>
      )}
      {disconnect.error && (
        <p role="alert" className="basis-full text-sm text-red-900">
          {disconnect.error}
        </p>
      )}
    </>
  );
}

/** What DELETE /api/v1/integrations/:slug says happened at the provider. */
type Revoke = NonNullable<Awaited<ReturnType<ReturnType<typeof api.integrations>['delete']>>['data']>['revoke'];

function outcomeOf(name: string, revoke: Revoke): string {
  if (revoke.status === 'failed') return revoke.message;
  const done = `Disconnected ${name}: its tools left your AI clients`;
  return revoke.status === 'revoked' ? `${done} and ${name} revoked MCP Hub's access.` : `${done} and the stored token was deleted.`;
}
