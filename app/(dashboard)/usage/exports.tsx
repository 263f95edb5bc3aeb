/**
 * Exports: the signed-in user's calls of a UTC month as CSV or JSONL, one row
 * per call with the Logs page's fields (lib/services/exports.ts). A download
 * writes the month's export afresh (POST /api/v1/usage/exports), then fetches
 * it: from this hub's API as an attachment (files in the data dir), or from a
 * signed R2 URL the API hands out for a few minutes (Convex). Mounted on the
 * Usage page; the Billing page links here (`/usage#exports`).
 */
'use client';
import { useState } from 'react';
import { DataTable } from '../../_components/data-table.tsx';
import { View } from '../../_components/states.tsx';
import { api, failureMessage } from '../../_lib/api.ts';
import { useLoad } from '../../_lib/use-load.ts';

/** Months offered: this one (so far) and the eleven before it, UTC, newest first. */
const MONTHS = 12;
const FORMATS = [
  { format: 'csv', label: 'CSV' },
  { format: 'jsonl', label: 'JSONL' },
] as const;
type Format = (typeof FORMATS)[number]['format'];

function recentMonths(now: Date): string[] {
  return Array.from({ length: MONTHS }, (_, i) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - i, 1)).toISOString().slice(0, 7));
}

const size = (bytes: number) => (bytes < 1024 ? `${bytes} B` : bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`);

/** Hands a same-origin file to the browser as a download (the session cookie goes with it). */
function saveFrom(href: string): void {
  const link = document.createElement('a');
  link.href = href;
  link.download = '';
  document.body.append(link);
  link.click();
  link.remove();
}

export function Exports() {
  const [loaded, retry] = useLoad(() => api.usage.exports.get());
  return (
    <section id="exports" aria-labelledby="exports-heading" className="mt-10">
      <h2 id="exports-heading" className="mb-2 text-lg font-semibold">
        Exports
      </h2>
      <p className="mb-3 text-sm text-gray-600">Every call of a month (UTC), one row each, with the fields the Logs page shows. Calls archived past your plan&apos;s log retention are included, without arguments; newer calls carry their arguments only while you store them.</p>
      <View loaded={loaded} retry={retry} what="exports" isEmpty={(data) => data.storage === null} empty="Exports are off on this hub: it has no object storage. The operator can set it up (README, “Exports and archives”).">
        {(data) => <ExportTable listed={data.items} storage={data.storage} />}
      </View>
    </section>
  );
}

type Stored = NonNullable<Awaited<ReturnType<typeof api.usage.exports.get>>['data']>['items'];

function ExportTable({ listed, storage }: { listed: Stored; storage: 'files' | 'r2' | null }) {
  // Kept here, not reloaded: a reload would unmount the table and the status it is announcing.
  const [stored, setStored] = useState(listed);
  const [pending, setPending] = useState<string | null>(null);
  const [status, setStatus] = useState<string>('');
  const [error, setError] = useState<string | null>(null);

  async function download(month: string, format: Format) {
    const id = `${month}.${format}`;
    setPending(id);
    setError(null);
    setStatus(`Preparing the ${format.toUpperCase()} export of ${month}…`);
    try {
      const created = await api.usage.exports.post({ month, format });
      if (created.data === null) throw new Error(failureMessage(created.error));
      if (storage === 'r2') {
        const signed = await api.usage.exports({ id }).get();
        const url = (signed.data as { url?: unknown } | null)?.url;
        if (typeof url !== 'string') throw new Error(failureMessage(signed.error));
        window.location.assign(url);
      } else {
        saveFrom(`/api/v1/usage/exports/${encodeURIComponent(id)}`);
      }
      setStatus(`Downloading ${created.data.rows} ${created.data.rows === 1 ? 'call' : 'calls'} of ${month} as ${format.toUpperCase()}.`);
      const { rows: _rows, ...record } = created.data;
      setStored((current) => [...current.filter((e) => e.id !== record.id), record]);
    } catch (thrown) {
      setStatus('');
      // A TypeError is fetch failing to reach the hub at all; anything else carries the hub's own message.
      setError(thrown instanceof TypeError ? `Could not reach the hub (${thrown.message}). Is it running?` : (thrown as Error).message);
    } finally {
      setPending(null);
    }
  }

  const rows = recentMonths(new Date()).map((month) => ({ month, stored: stored.filter((e) => e.month === month) }));
  return (
    <>
      <DataTable
        caption="Monthly usage exports"
        rows={rows}
        rowKey={(row) => row.month}
        columns={[
          { header: 'Month (UTC)', cell: (row) => row.month, className: 'font-mono whitespace-nowrap' },
          { header: 'Last exported', cell: (row) => (row.stored.length === 0 ? 'never' : row.stored.map((e) => `${e.format.toUpperCase()} ${size(e.size)}, ${new Date(e.createdAt).toISOString().slice(0, 16).replace('T', ' ')} UTC`).join('; ')) },
          {
            header: 'Download',
            cell: (row) => (
              <span className="flex gap-2">
                {FORMATS.map(({ format, label }) => (
                  <button
                    key={format}
                    type="button"
                    disabled={pending !== null}
                    aria-label={`Download ${label} of ${row.month}`}
                    onClick={() => void download(row.month, format)}
                    className="rounded border border-gray-300 px-2 py-1 font-medium disabled:opacity-60"
                  >
                    {pending === `${row.month}.${format}` ? 'Preparing…' : label}
                  </button>
                ))}
              </span>
            ),
          },
        ]}
      />
      <p role="status" aria-live="polite" className="mt-2 text-sm text-gray-600">
        {status}
      </p>
      {error && (
        <p role="alert" className="mt-2 rounded border border-red-300 bg-red-50 p-3 text-red-900">
          {error}
        </p>
      )}
    </>
  );
}
