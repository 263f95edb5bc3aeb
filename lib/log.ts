/**
 * Structured logs: one JSON object per line on stderr. Every line passes
 * through `redact`, so an API key or bearer token that slips into a message
 * or field is masked before it is written (secrets never reach logs), and
 * every string in it is cut to MAX_LOGGED_CHARS (nothing a client sends is
 * logged unbounded). Lines a client can trigger at will also go through a
 * log limiter (lib/log-limiter.ts).
 */

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';
const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

// Distinctive prefixes are matched wherever they start, with no word boundary in front: a token glued to
// other text (`xghp_…`, `abcmcp_sk_…`, `tokenxoxb-…`) is as secret as a free-standing one. The length
// minimums keep ordinary words and identifiers (`ghp_`, `secret_key`) alone.
const SECRET_PATTERNS: RegExp[] = [
  /mcp_sk_[0-9A-Za-z]+/g,
  /gh[pousr]_[0-9A-Za-z]{20,}|github_pat_[0-9A-Za-z_]{20,}/g,
  // Slack (xoxb-/xoxp-/xoxe-…, app-level xapp-…), Linear personal and OAuth tokens, Notion integration secrets.
  /xox[abposre]-[0-9A-Za-z-]{10,}|xapp-[0-9A-Za-z-]{10,}/g,
  /lin_(?:api|oauth)_[0-9A-Za-z]{20,}/g,
  /(?:ntn_|secret_)[0-9A-Za-z]{20,}/g,
  // Credentials after an auth scheme; long enough that ordinary words ("token provided") are left alone.
  // These are words, not prefixes, so they keep the boundary: "broken tokenizer" is not a scheme.
  /\b(bearer|token)\s+[0-9A-Za-z._~+/=-]{16,}/gi,
];

/** The password in a URL's user info (`postgres://user:secret@host/db`): the user name stays, it helps debugging. */
const URL_PASSWORD = /\b([a-z][a-z0-9+.-]*:\/\/[^:\s/@]+:)[^@\s/]+@/gi;

export function redact(text: string): string {
  const masked = text.replace(URL_PASSWORD, '$1…[redacted]@');
  return SECRET_PATTERNS.reduce((out, pattern) => out.replace(pattern, (match) => `${match.slice(0, 7)}…[redacted]`), masked);
}

/**
 * Longest string written for one message or field. Logs quote request data
 * (paths, names, upstream errors); an attacker who can make the hub log a
 * value must not be able to make the log line as long as their request.
 */
export const MAX_LOGGED_CHARS = 2_048;

/** A string as logged: secrets masked first (so a cut never leaves half a token unmasked), then cut to MAX_LOGGED_CHARS. */
function bounded(text: string): string {
  const masked = redact(text);
  return masked.length <= MAX_LOGGED_CHARS ? masked : `${masked.slice(0, MAX_LOGGED_CHARS)}…[${masked.length - MAX_LOGGED_CHARS} more characters]`;
}

/** Longest line written; a line with more (many fields, a long list) keeps its time, level and message and says what it left out. */
export const MAX_LINE_CHARS = 16_384;

export function createLogger(options: { level?: LogLevel; write?: (line: string) => void } = {}): Logger {
  const threshold = RANK[options.level ?? 'info'];
  const write = options.write ?? ((line: string) => process.stderr.write(line + '\n'));
  const emit = (level: Exclude<LogLevel, 'silent'>) => (msg: string, fields?: Record<string, unknown>) => {
    if (RANK[level] < threshold) return;
    const head = { time: new Date().toISOString(), level, msg };
    // Every string value is bounded; the whole line is then masked once more, so a secret in a field name is caught too.
    const line = JSON.stringify({ ...head, ...fields }, (_key, value: unknown) => (typeof value === 'string' ? bounded(value) : value));
    write(redact(line.length <= MAX_LINE_CHARS ? line : JSON.stringify({ ...head, msg: bounded(msg), omitted: `fields of ${line.length} characters` })));
  };
  return { debug: emit('debug'), info: emit('info'), warn: emit('warn'), error: emit('error') };
}

/** An error as loggable fields: name and message, no stack unless asked (stacks can quote arguments). */
export function errorFields(error: unknown): Record<string, unknown> {
  return error instanceof Error ? { error: error.name, message: error.message } : { error: String(error) };
}
