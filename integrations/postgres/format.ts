/** Query results as a model reads them best: a Markdown table, long cells cut, and a note on what was left out. */
import { DEFAULT_MAX_CHARS } from '../../lib/mcp/output.ts';
import type { StatementResult } from './client.ts';

/** A cell longer than this is cut; the structured result keeps the whole value. */
const MAX_CELL_CHARS = 200;

/** Structured rows keep whole values up to this; a longer text value is cut, so one huge column cannot flood the result. */
const MAX_STRUCTURED_CHARS = 2_000;

const boundedValue = (value: unknown) => (typeof value === 'string' && value.length > MAX_STRUCTURED_CHARS ? `${value.slice(0, MAX_STRUCTURED_CHARS)}…` : value);

/** One value as table text: NULL shown as such, JSON as JSON, pipes and newlines escaped so the table stays a table. */
export function cellText(value: unknown): string {
  const text = value === null || value === undefined ? 'NULL' : typeof value === 'object' ? JSON.stringify(value) : String(value);
  const flat = text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, '\\n');
  return flat.length > MAX_CELL_CHARS ? `${flat.slice(0, MAX_CELL_CHARS)}…` : flat;
}

export function markdownTable(columns: readonly string[], rows: readonly unknown[][]): string {
  const header = `| ${columns.map(cellText).join(' | ')} |`;
  const rule = `| ${columns.map(() => '---').join(' | ')} |`;
  return [header, rule, ...rows.map((row) => `| ${row.map(cellText).join(' | ')} |`)].join('\n');
}

/** Text and structured content for a statement's result, cut to fit the output budget (structured rows too). */
export function formatStatement(result: StatementResult, maxRows: number): { text: string; structured: Record<string, unknown> } {
  const base = { command: result.command || 'SELECT', columns: result.columns, rowCount: result.rowCount };
  if (result.columns.length === 0) {
    const affected = result.rowCount === null ? '' : ` (${result.rowCount} ${result.rowCount === 1 ? 'row' : 'rows'})`;
    return { text: `${result.command || 'Statement'} done${affected}.`, structured: { ...base, rows: [], truncated: false } };
  }
  const names = result.columns.map((c) => c.name);
  const lines = markdownTable(names, result.rows).split('\n');
  // Header and rule always; then rows while they fit, leaving room for the notes.
  let kept = 0;
  let size = lines[0]!.length + lines[1]!.length;
  while (kept < result.rows.length && size + lines[kept + 2]!.length + 1 < DEFAULT_MAX_CHARS - 1_000) size += lines[2 + kept++]!.length + 1;
  const rows = result.rows.slice(0, kept).map((row) => row.map(boundedValue));
  const truncated = result.more || kept < result.rows.length;
  const count = truncated ? `First ${kept} rows (more exist)` : `${kept} ${kept === 1 ? 'row' : 'rows'}`;
  const types = result.columns.map((c) => `${c.name} ${c.type}`).join(', ');
  const why = kept < result.rows.length ? `the rows are too wide to show more than ${kept}` : `the statement returned more than ${maxRows} rows`;
  const note = truncated ? `\n\n[truncated: ${why}. Narrow it with WHERE, select fewer columns, aggregate, or page with ORDER BY … LIMIT … OFFSET …; max_rows goes up to 1000.]` : '';
  return { text: `${count}; columns: ${types}\n\n${lines.slice(0, kept + 2).join('\n')}${note}`, structured: { ...base, rows, truncated } };
}
