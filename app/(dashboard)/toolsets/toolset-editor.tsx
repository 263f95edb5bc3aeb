/**
 * Creating or changing one toolset: its name, its mode, the annotation rules
 * and the picker. Saving sends the rules to the hub, which checks them and
 * re-lists the tools of every open session of a key bound to the set.
 */
'use client';
import { useState } from 'react';
import { CheckboxField, Field } from '../../_components/field.tsx';
import { api } from '../../_lib/api.ts';
import { useSubmit } from '../../_lib/use-submit.ts';
import { EMPTY_DRAFT, fromToolset, toRules, type Draft } from './picker-state.ts';
import { ToolPicker, type PickerIntegration } from './tool-picker.tsx';
import type { ToolMode, ToolsetRule } from '../../../lib/store/toolsets.ts';

export interface EditedToolset {
  id: string;
  name: string;
  mode: ToolMode;
  rules: ToolsetRule[];
  excludeDestructive: boolean;
  passThrough?: boolean;
}

export function ToolsetEditor({ editing, integrations, onSaved, onCancel }: { editing: EditedToolset | null; integrations: readonly PickerIntegration[]; onSaved: () => void; onCancel: () => void }) {
  const [draft, setDraft] = useState<Draft>(editing ? fromToolset(editing) : EMPTY_DRAFT);
  const save = useSubmit(() => {
    const body = { name: draft.name.trim(), rules: toRules(draft), excludeDestructive: draft.excludeDestructive, mode: draft.mode, passThrough: draft.passThrough };
    return editing ? api.toolsets({ id: editing.id }).patch(body) : api.toolsets.post(body);
  }, () => {
    setDraft(EMPTY_DRAFT);
    onSaved();
  });
  const title = editing ? `Change toolset ${editing.name}` : 'Create a toolset';
  return (
    <form onSubmit={save.onSubmit} aria-label={title} className="mb-6 flex flex-col gap-4 rounded border border-gray-200 bg-white p-4">
      <h2 className="text-lg font-semibold">{title}</h2>
      <Field label="Toolset name" name="name" required maxLength={60} autoComplete="off" value={draft.name} onChange={(event) => setDraft({ ...draft, name: event.currentTarget.value })} hint="Say, what the keys bound to it are for." />
      <fieldset className="flex flex-col gap-1">
        <legend className="font-medium">Mode</legend>
        {(
          [
            ['flat', 'Flat: every tool of the set is listed'],
            ['progressive', 'Progressive: the client searches the set (hub__search_tools) and calls through hub__call_read_tool / hub__call_write_tool'],
          ] as const
        ).map(([mode, label]) => (
          <label key={mode} className="flex items-center gap-2 text-sm">
            <input type="radio" name="mode" value={mode} checked={draft.mode === mode} onChange={() => setDraft({ ...draft, mode })} />
            {label}
          </label>
        ))}
      </fieldset>
      <CheckboxField label="All read-only tools" checked={draft.readOnly} onChange={(event) => setDraft({ ...draft, readOnly: event.currentTarget.checked })} hint="Every tool whose readOnlyHint is true, in every enabled integration." />
      <CheckboxField label="No destructive tools" checked={draft.excludeDestructive} onChange={(event) => setDraft({ ...draft, excludeDestructive: event.currentTarget.checked })} hint="Leaves out every tool that may destroy data, whatever the other rules take in." />
      <CheckboxField
        label="Pass through (upstream names)"
        checked={draft.passThrough}
        onChange={(event) => setDraft({ ...draft, passThrough: event.currentTarget.checked })}
        hint="For a set of exactly one whole MCP server, flat: its tools, prompts and resources keep their own names and URIs (no slug__ prefix), as if the client were connected to that server."
      />
      <ToolPicker integrations={integrations} draft={draft} onChange={setDraft} />
      <div className="flex gap-2">
        <button type="submit" disabled={save.pending} className="rounded bg-gray-900 px-4 py-2 font-medium text-white disabled:opacity-60">
          {save.pending ? 'Saving…' : editing ? 'Save toolset' : 'Create toolset'}
        </button>
        {editing && (
          <button type="button" onClick={onCancel} className="rounded border border-gray-300 px-4 py-2">
            Cancel
          </button>
        )}
      </div>
      {save.error && (
        <p role="alert" className="rounded border border-red-300 bg-red-50 p-3 text-red-900">
          {save.error}
        </p>
      )}
    </form>
  );
}
