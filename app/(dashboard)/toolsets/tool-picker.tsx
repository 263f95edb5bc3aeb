/**
 * The picker of the Toolsets page: a search box, then every tool of the
 * user's enabled integrations with its annotations as badges, a
 * whole-integration toggle per integration, and whether the set holds each
 * tool as the hub will decide it. Controlled: the draft lives in the editor.
 */
'use client';
import { useState } from 'react';
import { Field } from '../../_components/field.tsx';
import { isDestructive, isReadOnly } from '../../../lib/mcp/toolset-rules.ts';
import { holds, matchesSearch, toggled, type Draft } from './picker-state.ts';

export interface PickerTool {
  name: string;
  title?: string | undefined;
  description?: string | undefined;
  annotations?: { readOnlyHint?: boolean; destructiveHint?: boolean } | undefined;
}

export interface PickerIntegration {
  slug: string;
  name: string;
  tools: readonly PickerTool[];
}

function Badges({ tool }: { tool: PickerTool }) {
  if (isReadOnly(tool)) return <span className="rounded bg-green-100 px-2 py-0.5 text-xs text-green-900">read-only</span>;
  if (isDestructive(tool)) return <span className="rounded bg-red-100 px-2 py-0.5 text-xs text-red-900">destructive</span>;
  return <span className="rounded bg-amber-100 px-2 py-0.5 text-xs text-amber-900">writes</span>;
}

export function ToolPicker({ integrations, draft, onChange }: { integrations: readonly PickerIntegration[]; draft: Draft; onChange: (draft: Draft) => void }) {
  const [q, setQ] = useState('');
  const held = integrations.reduce((n, i) => n + i.tools.filter((t) => holds(draft, i.slug, t)).length, 0);
  return (
    <div className="flex flex-col gap-4">
      <div role="search" aria-label="Filter the tools">
        <Field label="Search tools" type="search" value={q} maxLength={100} placeholder="Name or what it does" onChange={(event) => setQ(event.currentTarget.value)} />
      </div>
      <p role="status" aria-live="polite" className="text-sm text-gray-600">
        This set holds {held} of {integrations.reduce((n, i) => n + i.tools.length, 0)} tools
      </p>
      {integrations.map((integration) => {
        const whole = draft.integrations.has(integration.slug);
        const tools = integration.tools.filter((tool) => matchesSearch(tool, q));
        if (tools.length === 0 && q.trim()) return null;
        return (
          <fieldset key={integration.slug} className="rounded border border-gray-200 p-3">
            <legend className="px-1 font-medium">{integration.name}</legend>
            <label className="mb-2 flex items-center gap-2 text-sm">
              <input type="checkbox" className="h-4 w-4" checked={whole} onChange={(event) => onChange({ ...draft, integrations: toggled(draft.integrations, integration.slug, event.currentTarget.checked) })} />
              Every {integration.name} tool
            </label>
            <ul className="flex flex-col gap-1">
              {tools.map((tool) => {
                const inSet = holds(draft, integration.slug, tool);
                return (
                  <li key={tool.name} className="flex flex-wrap items-center gap-2 text-sm">
                    <input
                      id={`tool-${tool.name}`}
                      type="checkbox"
                      className="h-4 w-4"
                      aria-describedby={`held-${tool.name}`}
                      checked={whole || draft.tools.has(tool.name)}
                      disabled={whole}
                      onChange={(event) => onChange({ ...draft, tools: toggled(draft.tools, tool.name, event.currentTarget.checked) })}
                    />
                    <label htmlFor={`tool-${tool.name}`} className="font-mono">
                      {tool.name}
                    </label>
                    <Badges tool={tool} />
                    <span id={`held-${tool.name}`} className={`text-xs ${inSet ? 'text-gray-900' : 'text-gray-500'}`}>
                      {inSet ? 'in set' : 'left out'}
                    </span>
                    {tool.description && <span className="basis-full pl-6 text-gray-600">{tool.description.split(/(?<=[.!?])\s+(?=[A-Z])/)[0]}</span>}
                  </li>
                );
              })}
            </ul>
          </fieldset>
        );
      })}
    </div>
  );
}
