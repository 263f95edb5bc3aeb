/**
 * One call as a row of a usage export or a call-log archive: the fields the
 * Logs page shows (lib/api/logs.ts), arguments only when they were stored.
 * JSONL rows are those fields as JSON, `at` in ms; CSV rows the same columns
 * with `at` as an ISO-8601 UTC time, RFC 4180 quoting, and every text cell
 * that a spreadsheet would read as a formula (`=`, `+`, `-`, `@`, tab, CR)
 * prefixed with `'` — exports hold tool names, error text and arguments that
 * upstreams and models wrote.
 */
import { USAGE_OUTCOMES, type UsageEvent, type UsageOutcome } from '../store/port.ts';

/** The columns, in order: the Logs page's fields. */
export const EXPORT_COLUMNS = ['id', 'at', 'keyId', 'integration', 'tool', 'outcome', 'billable', 'totalMs', 'upstreamMs', 'bytesIn', 'bytesOut', 'client', 'error', 'arguments'] as const;

/** A call as exported: the Logs page's fields, null for what a call lacks. */
export interface ExportRow {
  id: string;
  at: number;
  keyId: string;
  integration: string | null;
  tool: string;
  outcome: UsageOutcome;
  billable: boolean;
  totalMs: number;
  upstreamMs: number;
  bytesIn: number;
  bytesOut: number;
  client: string | null;
  error: string | null;
  arguments: string | null;
}

export function toExportRow(call: UsageEvent): ExportRow {
  return {
    id: call.id, at: call.at, keyId: call.keyId, integration: call.integration, tool: call.tool, outcome: call.outcome, billable: call.billable,
    totalMs: call.totalMs, upstreamMs: call.upstreamMs, bytesIn: call.bytesIn, bytesOut: call.bytesOut,
    client: call.client ?? null, error: call.error ?? null, arguments: call.arguments ?? null,
  };
}

export const jsonlLine = (row: ExportRow) => `${JSON.stringify(row)}\n`;

/** A text cell, safe for a spreadsheet: formula starts neutralised, then quoted when it holds a comma, quote or line break. */
export function csvCell(value: string | number | boolean | null): string {
  if (value === null) return '';
  if (typeof value !== 'string') return String(value);
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export const CSV_HEADER = `${EXPORT_COLUMNS.join(',')}\r\n`;

export function csvLine(row: ExportRow): string {
  return `${EXPORT_COLUMNS.map((column) => csvCell(column === 'at' ? new Date(row.at).toISOString() : row[column])).join(',')}\r\n`;
}

const isText = (value: unknown) => typeof value === 'string';
const isTextOrNull = (value: unknown) => value === null || typeof value === 'string';
const isCount = (value: unknown) => typeof value === 'number' && Number.isFinite(value) && value >= 0;

/** Reads one JSONL line of an archive back; null when it is not a row this hub wrote. */
export function parseExportRow(line: string): ExportRow | null {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const r = value as Record<string, unknown>;
  const ok = isText(r.id) && isCount(r.at) && isText(r.keyId) && isTextOrNull(r.integration) && isText(r.tool) && (USAGE_OUTCOMES as readonly unknown[]).includes(r.outcome)
    && typeof r.billable === 'boolean' && isCount(r.totalMs) && isCount(r.upstreamMs) && isCount(r.bytesIn) && isCount(r.bytesOut)
    && isTextOrNull(r.client) && isTextOrNull(r.error) && isTextOrNull(r.arguments);
  return ok ? (Object.fromEntries(EXPORT_COLUMNS.map((column) => [column, r[column]])) as unknown as ExportRow) : null;
}

/** The lines of a stream of UTF-8 text, without their line breaks, as they arrive. */
export async function* lines(body: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let rest = '';
  for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
    rest += decoder.decode(chunk, { stream: true });
    let newline: number;
    while ((newline = rest.indexOf('\n')) >= 0) {
      yield rest.slice(0, newline);
      rest = rest.slice(newline + 1);
    }
  }
  rest += decoder.decode();
  if (rest) yield rest;
}
