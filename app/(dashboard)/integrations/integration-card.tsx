/**
 * One integration of the catalog: what it is, whether it is connected, and
 * connecting it (the hub checks the credential with the service before
 * storing it, and says whose it is or why the service refused it) or
 * disconnecting it.
 */
'use client';
import { Field } from '../../_components/field.tsx';
import { api } from '../../_lib/api.ts';
import { text, useSubmit } from '../../_lib/use-submit.ts';

/** An item of GET /api/v1/integrations, as the API's schema types it. */
type Integration = NonNullable<Awaited<ReturnType<typeof api.integrations.get>>['data']>['items'][number];

const BUTTON = 'self-start rounded px-4 py-2 font-medium disabled:opacity-60';

/** `account`: whose credential was just connected in this page (the list says only "connected"); null when the service names no account. */
export function IntegrationCard({ integration, account, onConnected, onDisconnected }: { integration: Integration; account: string | null | undefined; onConnected: (account: string | null) => void; onDisconnected: () => void }) {
  const connected = integration.status === 'connected';
  return (
    <li className="flex flex-col gap-2 rounded border border-gray-200 bg-white p-4">
      <h2 className="font-semibold">{integration.name}</h2>
      <p className="text-sm text-gray-600">{integration.category}</p>
      <p className="text-sm">{integration.description}</p>
      <p role="status" className="text-sm font-medium">
        {connected ? (account ? `Connected as ${account}` : 'Connected') : 'Not connected'}
      </p>
      {connected ? <Disconnect integration={integration} onDone={onDisconnected} /> : <Connect integration={integration} onDone={onConnected} />}
    </li>
  );
}

function Connect({ integration, onDone }: { integration: Integration; onDone: (account: string | null) => void }) {
  const connect = useSubmit((form) => api.integrations({ slug: integration.slug }).put({ credential: text(form, 'credential') }), (result) => onDone(result.account?.label ?? null));
  return (
    <form onSubmit={connect.onSubmit} aria-label={`Connect ${integration.name}`} className="flex flex-col gap-2">
      <Field label={`${integration.name} ${integration.auth.label}`} name="credential" type="password" required autoComplete="off" spellCheck={false} hint={integration.auth.help} />
      {connect.error && (
        <p role="alert" className="rounded border border-red-300 bg-red-50 p-3 text-sm text-red-900">
          {connect.error}
        </p>
      )}
      <button type="submit" disabled={connect.pending} aria-label={`Connect ${integration.name}`} className={`${BUTTON} bg-gray-900 text-white`}>
        {connect.pending ? `Checking with ${integration.name}…` : 'Connect'}
      </button>
    </form>
  );
}

function Disconnect({ integration, onDone }: { integration: Integration; onDone: () => void }) {
  const disconnect = useSubmit(() => api.integrations({ slug: integration.slug }).delete(), onDone);
  return (
    <form onSubmit={disconnect.onSubmit}>
      {disconnect.error && (
        <p role="alert" className="mb-2 text-sm text-red-900">
          {disconnect.error}
        </p>
      )}
      <button type="submit" disabled={disconnect.pending} aria-label={`Disconnect ${integration.name}`} className={`${BUTTON} border border-gray-300 bg-white`}>
        {disconnect.pending ? 'Disconnecting…' : 'Disconnect'}
      </button>
    </form>
  );
}
