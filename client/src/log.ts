/**
 * Logging to stderr. stdout belongs to the MCP protocol, so nothing else may
 * ever write there. Every line passes through a redactor: the key is shown
 * only by the same short prefix `mcphub keys list` prints, never in full.
 */

export interface Log {
  /** Always printed: what a person needs to know (hub down, key rejected, back online). */
  info(message: string): void;
  /** Printed with --verbose only: one line per request and connection step. */
  debug(message: string): void;
}

/** Anything long enough to be (most of) a key; a `keyLabel` is too short to match again. */
const KEY_PATTERN = /mcp_sk_[0-9A-Za-z]{20,}/g;
const PREFIX_LENGTH = 'mcp_sk_'.length + 6;

/** `mcp_sk_AbC123…`: enough to match a row of `mcphub keys list`, far too little to use. */
export function keyLabel(key: string): string {
  return `${key.slice(0, PREFIX_LENGTH)}…`;
}

export function redact(text: string): string {
  return text.replace(KEY_PATTERN, (key) => keyLabel(key));
}

export function createLog(options: { verbose: boolean; write?: (line: string) => void }): Log {
  const write = options.write ?? ((line: string) => process.stderr.write(line));
  const emit = (message: string) => write(`[mcphub-client] ${redact(message)}\n`);
  return {
    info: emit,
    debug: options.verbose ? emit : () => {},
  };
}
