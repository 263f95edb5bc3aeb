/**
 * API keys: the signed-in user's keys, with when each was last used and by
 * which client, and a link to its calls on the Logs page; creating one
 * (shown once), rotating and revoking. The list loads again after each change.
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
import { NewKey, type ShownKey } from './new-key.tsx';

const when = (ms: number | null) => (ms === null ? 'never' : new Date(ms).toLocaleString());

export default function KeysPage() {
  const [loaded, reload] = useLoad(() => api.keys.get({ query: {} }));
  const [shown, setShown] = useState<ShownKey | null>(null);
  const show = (key: ShownKey) => {
    setShown(key);
    reload();
  };
  return (
    <>
      <h1 className="mb-6 text-2xl font-semibold">API keys</h1>
      {shown && <NewKey shown={shown} onDismiss={() => setShown(null)} />}
      <CreateKey onCreated={show} />
      <View loaded={loaded} retry={reload} what="API keys" isEmpty={(page) => page.items.length === 0} empty="No keys yet. A key is what your AI client uses to reach this hub.">
        {(page) => (
          <DataTable
            caption="Your API keys"
            rows={page.items}
            rowKey={(key) => key.id}
            columns={[
              { header: 'Name', cell: (key) => key.name },
              { header: 'Key', cell: (key) => `${key.prefix}…`, className: 'font-mono' },
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

function CreateKey({ onCreated }: { onCreated: (key: ShownKey) => void }) {
  const create = useSubmit(
    (form) => api.keys.post({ name: text(form, 'name').trim() }),
    (created) => onCreated({ name: created.record.name, key: created.key }),
  );
  return (
    <form onSubmit={create.onSubmit} aria-label="Create a key" className="mb-6 flex flex-wrap items-end gap-3 rounded border border-gray-200 bg-white p-4">
      <div className="min-w-64 flex-1">
        <Field label="Key name" name="name" required autoComplete="off" hint="Say, the machine or AI client it is for." />
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
