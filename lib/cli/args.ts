/** Flag parsing shared by every command: `node:util` parseArgs in strict mode, with errors that say how to fix the call. */
import { parseArgs, type ParseArgsConfig } from 'node:util';

/** A wrong invocation: printed with the command's usage, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** A refusal the user can act on (unknown user, key not found): printed as is, exit code 1. */
export class CommandError extends Error {
  override name = 'CommandError';
}

export function parseFlags<const O extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: O, positionals = 0) {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, strict: true, allowPositionals: positionals > 0 });
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/\. To specify a positional argument.*$/s, ''));
  }
  if (parsed.positionals.length > positionals) throw new UsageError(`Unexpected argument "${parsed.positionals[positionals]}".`);
  return parsed;
}

export function requireFlag<T>(value: T | undefined, flag: string): T {
  if (value === undefined || value === '') throw new UsageError(`Missing ${flag}.`);
  return value;
}

export function parsePort(text: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65535) throw new UsageError(`--port must be a whole number from 0 to 65535, not "${text}".`);
  return port;
}

/** Prints rows as aligned columns, for people; `--json` output bypasses this. */
export function table(rows: Record<string, unknown>[], columns: string[]): string {
  if (rows.length === 0) return '(none)';
  const cells = rows.map((row) => columns.map((c) => (row[c] === null || row[c] === undefined ? '-' : String(row[c]))));
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((r) => r[i]!.length)));
  const line = (values: string[]) => values.map((v, i) => v.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(columns.map((c) => c.toUpperCase())), ...cells.map(line)].join('\n');
}

export function formatTime(at: number | null): string | null {
  return at === null ? null : new Date(at).toISOString().replace('T', ' ').slice(0, 19) + 'Z';
}
