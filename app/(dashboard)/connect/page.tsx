/**
 * Connect your client: the steps for the chosen AI client (client-steps.tsx),
 * from what the hub generates (the same generator as `mcphub config`): the
 * one-click install where there is one, which carries no key, and the entry
 * with the key left as a placeholder — the hub never has the key.
 */
'use client';
import { useState } from 'react';
import { View } from '../../_components/states.tsx';
import { api } from '../../_lib/api.ts';
import { useLoad } from '../../_lib/use-load.ts';
import { ClientSteps } from './client-steps.tsx';

const CLIENTS = [
  { id: 'claude', label: 'Claude Desktop' },
  { id: 'cursor', label: 'Cursor' },
  { id: 'vscode', label: 'VS Code' },
  { id: 'claude-code', label: 'Claude Code' },
  { id: 'http', label: 'Any HTTP client' },
] as const;
type ClientId = (typeof CLIENTS)[number]['id'];

export default function ConnectPage() {
  const [client, setClient] = useState<ClientId>('claude');
  return (
    <>
      <h1 className="mb-6 text-2xl font-semibold">Connect your client</h1>
      <label htmlFor="client" className="mr-2 font-medium">
        AI client
      </label>
      <select id="client" value={client} onChange={(event) => setClient(event.target.value as ClientId)} className="mb-6 rounded border border-gray-300 px-3 py-2">
        {CLIENTS.map(({ id, label }) => (
          <option key={id} value={id}>
            {label}
          </option>
        ))}
      </select>
      <ClientEntry key={client} client={client} label={CLIENTS.find((c) => c.id === client)!.label} />
    </>
  );
}

function ClientEntry({ client, label }: { client: ClientId; label: string }) {
  const [loaded, retry] = useLoad(() => api['client-config'].get({ query: { client } }));
  return (
    <View loaded={loaded} retry={retry} what={`the ${label} entry`} isEmpty={() => false} empty={null}>
      {(config) => (
        <section aria-label={`${label} entry`} className="flex flex-col gap-2">
          <ClientSteps config={config} label={label} />
        </section>
      )}
    </View>
  );
}
