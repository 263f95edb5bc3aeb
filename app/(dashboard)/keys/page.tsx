/**
 * API keys: the signed-in user's keys, with when each was last used and by
 * which client, which toolset it sees, and a link to its calls on the Logs
 * page; creating one (shown once, optionally bound to a toolset and a
 * discovery mode), rotating and revoking. The list loads again after each change.
 */
'use client';
import Link from 'next/link';
import { useState } from 'react';
import { DataTable } from '../../_components/data-table.tsx';
import { Field } from '../../_components/field.tsx';
import { View } from '../../_components/states.tsx';
import { api } from '../../_lib/api.ts';
import { useLoad } from '../../_lib/use-load.ts';
import { text, useSubmit } from '../../_lib/use-submit.ts';
import { KeyActions } from './key-actions.tsx';
import { KeyToolset } from './key-toolset.tsx';
import { NewKey, type ShownKey } from './new-key.tsx';

const when = (ms: number | null) => (ms === null ? 'never' : new Date(ms).toLocaleString());

type ToolsetOption = { id: string; name: string; mode: 'flat' | 'progressive' };

const SELECT = 'rounded border border-gray-300 bg-white px-3 py-2';

export default function KeysPage() {
  const [loaded, reload] = useLoad(() => api.keys.get({ query: {} }));
  const [toolsets] = useLoad(() => api.toolsets.get());
  const options: readonly ToolsetOption[] = toolsets.state === 'ready' ? toolsets.data.items : [];
  const toolsetOf = (key: { toolsetId: string | null; mode: string | null }) => {
    const name = key.toolsetId === null ? 'All tools' : (options.find((t) => t.id === key.toolsetId)?.name ?? key.toolsetId);
    return key.mode ? `${name} (${key.mode})` : name;
  };
  const [shown, setShown] = useState<ShownKey | null>(null);
  const show = (key: ShownKey) => {
    setShown(key);
    reload();
  };
  return (
    <>
      <h1 className="mb-6 text-2xl font-semibold">API keys</h1>
      {shown && <NewKey shown={shown} onDismiss={() => setShown(null)} />}
      <CreateKey onCreated={show} toolsets={options} />
      <View loaded={loaded} retry={reload} what="API keys" isEmpty={(page) => page.items.length === 0} empty="No keys yet. A key is what your AI client uses to reach this hub.">
        {(page) => (
          <DataTable
            caption="Your API keys"
            rows={page.items}
            rowKey={(key) => key.id}
            columns={[
              { header: 'Name', cell: (key) => key.name },
              { header: 'Key', cell: (key) => `${key.prefix}…`, className: 'font-mono' },
              {
                header: 'Toolset',
                cell: (key) => (key.revokedAt === null && toolsets.state === 'ready' ? <KeyToolset keyId={key.id} keyName={key.name} toolsetId={key.toolsetId} mode={key.mode} toolsets={options} onBound={reload} /> : toolsetOf(key)),
              },
              { header: 'Last used', cell: (key) => when(key.lastUsedAt) },
              { header: 'Last client', cell: (key) => key.lastClient ?? '—' },
              { header: 'Status', cell: (key) => (key.revokedAt === null ? 'Active' : `Revoked ${when(key.revokedAt)}`) },
              {
                header: 'Logs',
                cell: (key) => (
                  <Link href={`/logs?keyId=${encodeURIComponent(key.id)}`} aria-label={`View logs of ${key.name}`} className="whitespace-nowrap underline">
                    View logs
                  </Link>
                ),
              },
              { header: 'Actions', cell: (key) => key.revokedAt === null && <KeyActions id={key.id} name={key.name} onRotated={show} onRevoked={reload} /> },
            ]}
          />
        )}
      </View>
    </>
  );
}

function CreateKey({ onCreated, toolsets }: { onCreated: (key: ShownKey) => void; toolsets: readonly ToolsetOption[] }) {
  const create = useSubmit(
    (form) => {
      const mode = text(form, 'mode');
      return api.keys.post({ name: text(form, 'name').trim(), toolsetId: text(form, 'toolset') || null, mode: mode === 'flat' || mode === 'progressive' ? mode : null });
    },
    (created) => onCreated({ name: created.record.name, key: created.key }),
  );
  return (
    <form onSubmit={create.onSubmit} aria-label="Create a key" className="mb-6 flex flex-wrap items-end gap-3 rounded border border-gray-200 bg-white p-4">
      <div className="min-w-64 flex-1">
        <Field label="Key name" name="name" required autoComplete="off" hint="Say, the machine or AI client it is for." />
      </div>
      <div className="flex flex-col gap-1">
        <label htmlFor="new-key-toolset" className="font-medium">
          Toolset
        </label>
        <select id="new-key-toolset" name="toolset" defaultValue="" className={SELECT}>
          <option value="">All tools</option>
          {toolsets.map((toolset) => (
            <option key={toolset.id} value={toolset.id}>
              {toolset.name}
            </option>
          ))}
        </select>
      </div>
      <div className="flex flex-col gap-1">
        <label htmlFor="new-key-mode" className="font-medium">
          Mode
        </label>
        <select id="new-key-mode" name="mode" defaultValue="" className={SELECT}>
          <option value="">The toolset&apos;s (flat without one)</option>
          <option value="flat">Flat: every tool listed</option>
          <option value="progressive">Progressive: search, then call</option>
        </select>
      </div>
      <button type="submit" disabled={create.pending} className="rounded bg-gray-900 px-4 py-2 font-medium text-white disabled:opacity-60">
        {create.pending ? 'Creating…' : 'Create key'}
      </button>
      {create.error && (
        <p role="alert" className="basis-full rounded border border-red-300 bg-red-50 p-3 text-red-900">
          {create.error}
        </p>
      )}
    </form>
  );
}
