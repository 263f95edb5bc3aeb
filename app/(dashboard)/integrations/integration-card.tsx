/**
 * One integration of the catalog: what it is, its status for the signed-in
 * user as the API says it (not connected, connected — with OAuth or a
 * token — as the account the service named, or needing attention since the service refused the stored
 * token), and what can be done from there: connect (with OAuth or a token), or replace the token,
 * change settings, see its calls and disconnect.
 */
'use client';
import { useId } from 'react';
import type { Integration } from './catalog.ts';
import { ConnectedActions } from './connected-actions.tsx';
import { ConnectChoices } from './oauth-connect.tsx';

/** `notice`: what the last change made here said; `onChanged` is told what to say next once a change is done. */
export function IntegrationCard({ integration, notice, onChanged }: { integration: Integration; notice: string | null; onChanged: (notice: string) => void }) {
  const heading = useId();
  const attention = integration.status === 'needs_attention';
  return (
    <li aria-labelledby={heading} className={`flex flex-col gap-2 rounded border bg-white p-4 ${attention ? 'border-amber-400' : 'border-gray-200'}`}>
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
        <ConnectedActions integration={integration} onChanged={onChanged} />
      )}
    </li>
  );
}

function Status({ integration }: { integration: Integration }) {
  if (integration.status === 'needs_attention') {
    const { attention } = integration;
    return (
      <div role="status" className="rounded border border-amber-400 bg-amber-50 p-2 text-sm text-amber-900">
        <p className="font-medium">
          <span aria-hidden="true">⚠ </span>Needs attention: {attention?.reason ?? `${integration.name} refused the stored token.`}
          {attention && ` (since ${new Date(attention.at).toLocaleString()})`}
        </p>
        <p>Its tools fail until you replace the token.</p>
      </div>
    );
  }
  return (
    <p role="status" className={`text-sm font-medium ${integration.status === 'connected' ? 'text-green-800' : 'text-gray-700'}`}>
      {integration.status === 'connected' ? (integration.account ? `Connected as ${integration.account}` : 'Connected') : 'Not connected'}
    </p>
  );
}
