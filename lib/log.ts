/**
 * Structured logs: one JSON object per line on stderr. Every line passes
 * through `redact`, so an API key or bearer token that slips into a message
 * or field is masked before it is written (secrets never reach logs).
 */

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';
const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

const SECRET_PATTERNS: RegExp[] = [
  /mcp_sk_[0-9A-Za-z]+/g,
  /\b(gh[pousr]_[0-9A-Za-z]{20,}|github_pat_[0-9A-Za-z_]{20,})\b/g,
  // Slack (xoxb-/xoxp-…), Linear personal keys, Notion integration secrets.
  /\bxox[abposre]-[0-9A-Za-z-]{10,}/g,
  /\blin_api_[0-9A-Za-z]{20,}/g,
  /\b(ntn_|secret_)[0-9A-Za-z]{20,}/g,
  // Credentials after an auth scheme; long enough that ordinary words ("token provided") are left alone.
  /\b(bearer|token)\s+[0-9A-Za-z._~+/=-]{16,}/gi,
];

/** The password in a URL's user info (`postgres://user:secret@host/db`): the user name stays, it helps debugging. */
const URL_PASSWORD = /\b([a-z][a-z0-9+.-]*:\/\/[^:\s/@]+:)[^@\s/]+@/gi;

export function redact(text: string): string {
  const masked = text.replace(URL_PASSWORD, '$1…[redacted]@');
  return SECRET_PATTERNS.reduce((out, pattern) => out.replace(pattern, (match) => `${match.slice(0, 7)}…[redacted]`), masked);
}

export function createLogger(options: { level?: LogLevel; write?: (line: string) => void } = {}): Logger {
  const threshold = RANK[options.level ?? 'info'];
  const write = options.write ?? ((line: string) => process.stderr.write(line + '\n'));
  const emit = (level: Exclude<LogLevel, 'silent'>) => (msg: string, fields?: Record<string, unknown>) => {
    if (RANK[level] < threshold) return;
    write(redact(JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields })));
  };
  return { debug: emit('debug'), info: emit('info'), warn: emit('warn'), error: emit('error') };
}

/** An error as loggable fields: name and message, no stack unless asked (stacks can quote arguments). */
export function errorFields(error: unknown): Record<string, unknown> {
  return error instanceof Error ? { error: error.name, message: error.message } : { error: String(error) };
}
