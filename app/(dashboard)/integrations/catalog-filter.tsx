/** The catalog's search box and category chips, with how many integrations they leave shown. */
'use client';
import { Field } from '../../_components/field.tsx';
import type { CatalogQuery } from '../../../lib/mcp/catalog-match.ts';
import { categoriesOf, type Integration } from './catalog.ts';

const CHIP = 'rounded-full border px-3 py-1 text-sm';
const chipClass = (pressed: boolean) => `${CHIP} ${pressed ? 'border-gray-900 bg-gray-900 text-white' : 'border-gray-300 bg-white text-gray-700 hover:bg-gray-100'}`;

export function CatalogFilter({ integrations, shown, query, onChange }: { integrations: readonly Integration[]; shown: number; query: CatalogQuery; onChange: (query: CatalogQuery) => void }) {
  const chips = [{ category: undefined, label: 'All', count: integrations.length }, ...categoriesOf(integrations).map(({ category, count }) => ({ category, label: category, count }))];
  return (
    <div role="search" aria-label="Filter the catalog" className="mb-4 flex flex-col gap-3">
      <Field label="Search integrations" type="search" value={query.q ?? ''} maxLength={100} placeholder="Name or what it does" onChange={(event) => onChange({ ...query, q: event.currentTarget.value })} />
      <div role="group" aria-label="Category" className="flex flex-wrap gap-2">
        {chips.map(({ category, label, count }) => (
          <button key={label} type="button" aria-pressed={query.category === category} onClick={() => onChange({ ...query, category })} className={chipClass(query.category === category)}>
            {label} ({count})
          </button>
        ))}
      </div>
      <p role="status" aria-live="polite" className="text-sm text-gray-600">
        Showing {shown} of {integrations.length} integrations
      </p>
    </div>
  );
}
