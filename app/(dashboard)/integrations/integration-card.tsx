/**
 * One integration of the catalog: what it is, its status for the signed-in
 * user as the API says it (not connected, connected — with OAuth or a token
 * — as the account the service named, needing a reconnect since its
 * credential stopped working, or misconfigured on the operator's side), and
 * what can be done from there: connect (with OAuth or a token), or
 * reconnect with OAuth or replace the token, change settings, see its calls
 * and disconnect. `reconnecting` (a
 * chat's connect link landed here) scrolls to the card with its token form open.
 */
'use client';
import { useEffect, useId, useRef } from 'react';
import type { Integration } from './catalog.ts';
import { ConnectedActions } from './connected-actions.tsx';
import { ConnectChoices } from './oauth-connect.tsx';

/** `notice`: what the last change made here said; `onChanged` is told what to say next once a change is done. */
export function IntegrationCard({ integration, notice, reconnecting = false, onChanged }: { integration: Integration; notice: string | null; reconnecting?: boolean; onChanged: (notice: string) => void }) {
  const heading = useId();
  const card = useRef<HTMLLIElement>(null);
  const attention = integration.attention !== null;
  useEffect(() => {
    if (!reconnecting) return;
    card.current?.scrollIntoView({ block: 'center' });
    card.current?.querySelector<HTMLInputElement>('input[name="credential"]')?.focus();
  }, [reconnecting]);
  return (
    <li ref={card} aria-labelledby={heading} className={`flex flex-col gap-2 rounded border bg-white p-4 ${attention ? 'border-amber-400' : 'border-gray-200'}`}>
      <h2 id={heading} className="font-semibold">
        {integration.name}
      </h2>
      <p className="text-sm text-gray-600">
        {integration.category} · {integration.tools} {integration.tools === 1 ? 'tool' : 'tools'}
      </p>
      <p className="text-sm">{integration.description}</p>
      <Status integration={integration} />
      {notice && (
        <p role="status" className="text-sm text-green-800">
          {notice}
        </p>
      )}
      {integration.status === 'not_connected' ? (
        <ConnectChoices integration={integration} onTokenDone={() => onChanged(`${integration.name} accepted the token: its tools are in your AI clients now.`)} />
      ) : (
        <ConnectedActions integration={integration} replaceOpen={reconnecting} onChanged={onChanged} />
      )}
    </li>
  );
}

function Status({ integration }: { integration: Integration }) {
  const { attention } = integration;
  if (attention) {
    const reconnect = attention.kind === 'needs_reconnect';
    return (
      <div role="status" className="rounded border border-amber-400 bg-amber-50 p-2 text-sm text-amber-900">
        <p className="font-medium">
          <span aria-hidden="true">⚠ </span>
          {reconnect ? 'Needs reconnecting' : 'Misconfigured'}: {attention.reason} (since {new Date(attention.at).toLocaleString()})
        </p>
        <p>{reconnect ? 'Its tools fail until you connect it again.' : "Its tools fail until the hub's operator fixes its OAuth app settings; reconnecting does not help."}</p>
      </div>
    );
  }
  return (
    <p role="status" className={`text-sm font-medium ${integration.status === 'connected' ? 'text-green-800' : 'text-gray-700'}`}>
      {integration.status === 'connected' ? (integration.account ? `Connected as ${integration.account}` : 'Connected') : 'Not connected'}
    </p>
  );
}
