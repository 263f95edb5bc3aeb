/** The calls as a table, one row per call, each with a Details button (and the row itself) opening the drawer. */
'use client';
import { Fragment, type MouseEvent } from 'react';
import { DataTable, type Column } from '../../_components/data-table.tsx';
import { toolLabel } from '../../_lib/tool-label.ts';
import { duration, keyLabel, when, type Call, type KeyNames } from './call.ts';

/** `opener` is what focus returns to when the drawer closes: the row's Details button. */
export type OpenCall = (id: string, opener: HTMLElement | null) => void;

/** A name that may break after each `_` and `/` (`upstream_error`, `github/get_repository`), so the table fits the page with its Details buttons. */
const breakable = (name: string) =>
  name.split(/(?<=[_/])/).map((part, i) => (
    <Fragment key={i}>
      {i > 0 && <wbr />}
      {part}
    </Fragment>
  ));

const detailsButton = (row: HTMLElement) => row.querySelector<HTMLElement>('button[data-details]');

function DetailsButton({ call, onOpen }: { call: Call; onOpen: OpenCall }) {
  return (
    <button
      type="button"
      data-details
      aria-label={`Details of the ${toolLabel(call)} call at ${when(call.at)}`}
      onClick={(event) => {
        // The row would open it too; once is enough.
        event.stopPropagation();
        onOpen(call.id, event.currentTarget);
      }}
      className="rounded border border-gray-300 bg-white px-3 py-1 text-sm"
    >
      Details
    </button>
  );
}

export function CallTable({ calls, keyNames, onOpen }: { calls: readonly Call[]; keyNames: KeyNames; onOpen: OpenCall }) {
  const columns: Column<Call>[] = [
    { header: 'Time', cell: (call) => when(call.at), className: 'whitespace-nowrap' },
    { header: 'Key', cell: (call) => keyLabel(keyNames, call.keyId) },
    { header: 'Client', cell: (call) => call.client ?? '—' },
    { header: 'Tool', cell: (call) => breakable(toolLabel(call)), className: 'font-mono' },
    { header: 'Outcome', cell: (call) => breakable(call.outcome) },
    { header: 'Total', cell: (call) => duration(call.totalMs), className: 'whitespace-nowrap' },
    { header: 'Upstream', cell: (call) => duration(call.upstreamMs), className: 'whitespace-nowrap' },
    {
      header: 'Error',
      cell: (call) => (
        // Two lines at most, so the row's Details button stays in view; the drawer has it all.
        <span className="line-clamp-2 w-40" title={call.error ?? undefined}>
          {call.error ?? ''}
        </span>
      ),
    },
    { header: 'Details', cell: (call) => <DetailsButton call={call} onOpen={onOpen} /> },
  ];
  const openRow = (call: Call, event: MouseEvent<HTMLTableRowElement>) => onOpen(call.id, detailsButton(event.currentTarget));
  return (
    <div className="overflow-x-auto">
      <DataTable caption="Calls, newest first" rows={calls} rowKey={(call) => call.id} onRowClick={openRow} columns={columns} />
    </div>
  );
}
