/**
 * Calls per UTC day per integration, stacked bars (recharts). The chart is one
 * image with a name; the same numbers are a table for screen readers.
 */
'use client';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { api } from '../_lib/api.ts';
import { DataTable } from './data-table.tsx';

type Usage = NonNullable<Awaited<ReturnType<typeof api.usage.get>>['data']>;
const COLORS = ['#2563eb', '#16a34a', '#d97706', '#9333ea', '#dc2626', '#0891b2', '#4b5563'];

export function UsageChart({ days }: { days: Usage['days'] }) {
  const slugs = [...new Set(days.flatMap((day) => day.byIntegration.map((count) => count.slug)))].sort();
  const rows = days.map((day) => ({ day: day.day, ...Object.fromEntries(day.byIntegration.map((count) => [count.slug, count.calls])) }));
  const calls = (day: Usage['days'][number], slug: string) => day.byIntegration.find((count) => count.slug === slug)?.calls ?? 0;
  return (
    <>
      <div role="img" aria-label={`Calls per day per integration, ${days.length} days`} className="mb-6 h-64 rounded border border-gray-200 bg-white p-2">
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={rows} accessibilityLayer={false}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="day" />
            <YAxis allowDecimals={false} />
            <Tooltip />
            <Legend />
            {slugs.map((slug, i) => (
              <Bar key={slug} dataKey={slug} stackId="calls" fill={COLORS[i % COLORS.length]} />
            ))}
          </BarChart>
        </ResponsiveContainer>
      </div>
      <div className="sr-only">
        <DataTable
          caption="Calls per day per integration"
          rows={days}
          rowKey={(day) => day.day}
          columns={[{ header: 'Day', cell: (day) => day.day }, { header: 'Errors', cell: (day) => day.errors }, ...slugs.map((slug) => ({ header: slug, cell: (day: Usage['days'][number]) => calls(day, slug) }))]}
        />
      </div>
    </>
  );
}
