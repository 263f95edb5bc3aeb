/**
 * Toolsets: the signed-in user's named sets of tools, and the picker that
 * makes them. A key bound to a set (on the Keys page, or `mcphub toolsets
 * bind-key`) lists and calls exactly that set, flat or through progressive
 * discovery. The picker offers the tools of the user's enabled integrations.
 */
'use client';
import Link from 'next/link';
import { useState } from 'react';
import { DataTable } from '../../_components/data-table.tsx';
import { Empty, View } from '../../_components/states.tsx';
import { api } from '../../_lib/api.ts';
import { useLoad } from '../../_lib/use-load.ts';
import { useSubmit } from '../../_lib/use-submit.ts';
import type { ToolsetRule } from '../../../lib/store/toolsets.ts';
import { ToolsetEditor, type EditedToolset } from './toolset-editor.tsx';

const describeRules = (rules: readonly ToolsetRule[]) =>
  rules.map((rule) => (rule.kind === 'integration' ? `all of ${rule.slug}` : rule.kind === 'tool' ? rule.name : 'every read-only tool')).join(', ');

export default function ToolsetsPage() {
  const [toolsets, reload] = useLoad(() => api.toolsets.get());
  const [tools, reloadTools] = useLoad(() => api.toolsets.tools.get());
  const [editing, setEditing] = useState<EditedToolset | null>(null);
  const saved = () => {
    setEditing(null);
    reload();
  };
  return (
    <>
      <h1 className="mb-6 text-2xl font-semibold">Toolsets</h1>
      <p className="mb-6 text-gray-700">
        A toolset is a named set of tools across your integrations. A key bound to one sees exactly that set; choose it when you create a key on the <Link href="/keys" className="underline">Keys</Link> page.
      </p>
      <View loaded={tools} retry={reloadTools} what="your tools" isEmpty={(data) => data.integrations.every((i) => !i.enabled)} empty={<>No integration is enabled yet, so there are no tools to pick. <Link href="/integrations" className="underline">Enable one</Link> first.</>}>
        {(data) => <ToolsetEditor key={editing?.id ?? 'new'} editing={editing} integrations={data.integrations.filter((i) => i.enabled)} onSaved={saved} onCancel={() => setEditing(null)} />}
      </View>
      <h2 className="mb-3 text-lg font-semibold">Your toolsets</h2>
      <View loaded={toolsets} retry={reload} what="toolsets" isEmpty={(data) => data.items.length === 0} empty="No toolsets yet. Keys without one see every tool of your enabled integrations.">
        {(data) => (
          <DataTable
            caption="Your toolsets"
            rows={data.items}
            rowKey={(toolset) => toolset.id}
            columns={[
              { header: 'Name', cell: (toolset) => toolset.name },
              { header: 'Mode', cell: (toolset) => `${toolset.mode}${toolset.passThrough ? ', pass-through' : ''}` },
              { header: 'Rules', cell: (toolset) => `${describeRules(toolset.rules)}${toolset.excludeDestructive ? '; no destructive tools' : ''}` },
              { header: 'Actions', cell: (toolset) => <ToolsetActions toolset={toolset} onEdit={() => setEditing(toolset)} onDeleted={reload} /> },
            ]}
          />
        )}
      </View>
      {toolsets.state === 'ready' && tools.state === 'ready' && toolsets.data.items.length > 0 && tools.data.integrations.every((i) => !i.enabled) && <Empty>Enable an integration to change these toolsets.</Empty>}
    </>
  );
}

function ToolsetActions({ toolset, onEdit, onDeleted }: { toolset: EditedToolset; onEdit: () => void; onDeleted: () => void }) {
  const remove = useSubmit(() => api.toolsets({ id: toolset.id }).delete(), onDeleted);
  return (
    <form onSubmit={remove.onSubmit} className="flex flex-col gap-2">
      <div className="flex gap-2">
        <button type="button" onClick={onEdit} aria-label={`Change ${toolset.name}`} className="rounded border border-gray-300 bg-white px-3 py-1 text-sm">
          Change
        </button>
        <button type="submit" disabled={remove.pending} aria-label={`Delete ${toolset.name}`} className="rounded border border-gray-300 bg-white px-3 py-1 text-sm disabled:opacity-60">
          {remove.pending ? 'Deleting…' : 'Delete'}
        </button>
      </div>
      {remove.error && (
        <p role="alert" className="text-sm text-red-900">
          {remove.error}
        </p>
      )}
    </form>
  );
}
