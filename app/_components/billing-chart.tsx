/**
 * This month's billable calls per UTC day (bars) and their running total
 * (line) against the plan's monthly limit (a dashed reference line), with
 * recharts. One image with a name; the same numbers are a table for screen
 * readers.
 */
'use client';
import { Bar, CartesianGrid, ComposedChart, Line, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { Billing } from '../_lib/billing.ts';
import { DataTable } from './data-table.tsx';

export function BillingChart({ days, limit }: { days: Billing['days']; limit: number | null }) {
  let total = 0;
  const rows = days.map((day) => ({ day: day.day.slice(8), calls: day.calls, total: (total += day.calls) }));
  return (
    <>
      <div role="img" aria-label={`Billable calls per day this month, with the running total${limit === null ? '' : ` against the limit of ${limit}`}`} className="mb-6 h-64 rounded border border-gray-200 bg-white p-2">
        <ResponsiveContainer width="100%" height="100%">
          <ComposedChart data={rows} accessibilityLayer={false}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="day" />
            <YAxis allowDecimals={false} domain={[0, (max: number) => Math.max(max, limit ?? 0)]} />
            <Tooltip />
            <Bar dataKey="calls" name="Calls that day" fill="#2563eb" isAnimationActive={false} />
            <Line dataKey="total" name="Month to date" stroke="#111827" dot={false} isAnimationActive={false} />
            {limit !== null && <ReferenceLine y={limit} stroke="#dc2626" strokeDasharray="6 3" label={{ value: `Limit ${limit.toLocaleString('en-US')}`, position: 'insideTopLeft' }} />}
          </ComposedChart>
        </ResponsiveContainer>
      </div>
      <div className="sr-only">
        <DataTable caption="Billable calls per day this month" rows={rows} rowKey={(row) => row.day} columns={[{ header: 'Day', cell: (row) => row.day }, { header: 'Calls', cell: (row) => row.calls }, { header: 'Month to date', cell: (row) => row.total }]} />
      </div>
    </>
  );
}
