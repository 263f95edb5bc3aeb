/**
 * The Logs filter form: a field per column and a time range. Applying it
 * changes the address (the filters' one home), and the page lists what the
 * hub finds for them. Its fields start from the address, so a link that
 * arrives filtered shows which filters are on.
 */
'use client';
import Link from 'next/link';
import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { Field } from '../../_components/field.tsx';
import { USAGE_OUTCOMES } from '../../../lib/store/port.ts';
import { filtersFromForm, hasFilters, RANGES, toLocalInput, type LogFilters } from './filters.ts';

export interface Choice {
  value: string;
  label: string;
}

const OUTCOMES = USAGE_OUTCOMES.map((outcome) => ({ value: outcome, label: outcome }));
const SELECT = 'rounded border border-gray-300 bg-white px-3 py-2';

/** A labelled select whose first option is "any"; a value not among the choices (say, from a shared link) is kept as its own option. */
function Select({ label, name, value, any, choices }: { label: string; name: string; value: string | undefined; any: string; choices: readonly Choice[] }) {
  const id = useId();
  const known = value === undefined || choices.some((choice) => choice.value === value);
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="font-medium">
        {label}
      </label>
      <select id={id} name={name} defaultValue={value ?? ''} className={SELECT}>
        <option value="">{any}</option>
        {choices.map((choice) => (
          <option key={choice.value} value={choice.value}>
            {choice.label}
          </option>
        ))}
        {!known && <option value={value}>{value}</option>}
      </select>
    </div>
  );
}

function Row({ children }: { children: ReactNode }) {
  return <div className="grid grid-cols-1 gap-3 sm:grid-cols-3">{children}</div>;
}

export function FilterForm({ filters, keys, integrations, onApply }: { filters: LogFilters; keys: readonly Choice[]; integrations: readonly Choice[]; onApply: (filters: LogFilters) => void }) {
  const rangeId = useId();
  const custom = !filters.range && (filters.since !== undefined || filters.until !== undefined);
  const [range, setRange] = useState<string>(filters.range ?? (custom ? 'custom' : ''));
  const apply = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    onApply(filtersFromForm(new FormData(event.currentTarget)));
  };
  return (
    <form onSubmit={apply} aria-label="Filter calls" className="mb-6 flex flex-col gap-3 rounded border border-gray-200 bg-white p-4">
      <Row>
        <Select label="Key" name="keyId" value={filters.keyId} any="Any key" choices={keys} />
        <Select label="Integration" name="integration" value={filters.integration} any="Any integration" choices={integrations} />
        <Select label="Outcome" name="outcome" value={filters.outcome} any="Any outcome" choices={OUTCOMES} />
      </Row>
      <Row>
        <Field label="Tool" name="tool" defaultValue={filters.tool} autoComplete="off" hint="Its exact name, say list_issues." />
        <Field label="Client" name="client" defaultValue={filters.client} autoComplete="off" hint="As the Client column shows it, say claude-ai/1.0." />
        <Field label="Error text" name="text" defaultValue={filters.text} autoComplete="off" maxLength={200} hint="Any part of the error or the tool name." />
      </Row>
      <Row>
        <div className="flex flex-col gap-1">
          <label htmlFor={rangeId} className="font-medium">
            Time range
          </label>
          <select id={rangeId} name="range" value={range} onChange={(event) => setRange(event.target.value)} className={SELECT}>
            <option value="">Any time</option>
            {RANGES.map((preset) => (
              <option key={preset.value} value={preset.value}>
                {preset.label}
              </option>
            ))}
            <option value="custom">Custom…</option>
          </select>
        </div>
        {range === 'custom' && (
          <>
            <Field label="From" name="since" type="datetime-local" defaultValue={toLocalInput(filters.since)} />
            <Field label="Until" name="until" type="datetime-local" defaultValue={toLocalInput(filters.until)} />
          </>
        )}
      </Row>
      <div className="flex items-center gap-3">
        <button type="submit" className="rounded bg-gray-900 px-4 py-2 font-medium text-white">
          Apply filters
        </button>
        {hasFilters(filters) && (
          <Link href="/logs" className="underline">
            Clear filters
          </Link>
        )}
      </div>
    </form>
  );
}
