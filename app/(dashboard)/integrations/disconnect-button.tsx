/** Disconnecting an integration, after a confirm step: its tools leave every open session at once and its token is deleted. */
'use client';
import { useState } from 'react';
import { api } from '../../_lib/api.ts';
import { useSubmit } from '../../_lib/use-submit.ts';
import type { Integration } from './catalog.ts';

const BUTTON = 'rounded border border-gray-300 bg-white px-3 py-1 text-sm disabled:opacity-60';

export function DisconnectButton({ integration, onDone }: { integration: Integration; onDone: () => void }) {
  const [confirming, setConfirming] = useState(false);
  const disconnect = useSubmit(() => api.integrations({ slug: integration.slug }).delete(), onDone);
  const name = integration.name;
  return (
    <>
      {confirming ? (
        <form onSubmit={disconnect.onSubmit} role="group" aria-label={`Confirm disconnecting ${name}`} className="flex basis-full flex-wrap items-center gap-2 rounded border border-red-300 bg-red-50 p-2">
          <span className="text-sm">Disconnect {name}? Its tools leave your AI clients at once and the stored token is deleted.</span>
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
