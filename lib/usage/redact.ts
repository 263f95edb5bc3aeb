/**
 * Arguments as the call log keeps them, when a user asked for it: values
 * under keys that name a secret, and strings shaped like a known token, are
 * replaced; long strings and arrays are cut; the whole is at most
 * MAX_STORED_ARGUMENTS bytes of JSON. The walk is bounded (depth and nodes),
 * so redacting costs little whatever a call carries.
 */

export const MAX_STORED_ARGUMENTS = 8 * 1024;
const MAX_STRING = 256;
const MAX_ITEMS = 50;
const MAX_DEPTH = 8;
const MAX_NODES = 1_000;
export const REDACTED = '[redacted]';

/** Key names that carry credentials: token, password, secret, authorization, api key, cookie, credential, private key… */
const SECRET_KEY = /token|passw|pwd|secret|authori[sz]ation|auth$|^auth|api[-_]?key|(^|[-_])key$|^key$|cookie|credential|private|session|signature|bearer/i;
/** Values that are tokens whatever key holds them: the prefixes of the integrations' and the hub's own credentials, and bearer headers. */
const SECRET_VALUE = /^(?:bearer\s|basic\s|mcp_sk_|ghp_|gho_|ghu_|ghs_|ghr_|github_pat_|xox[abposr]-|lin_api_|lin_oauth_|secret_|ntn_|sk-|sk_live_|sk_test_|eyJ[\w-]{10,}\.)/i;

interface Budget {
  nodes: number;
}

function redactValue(value: unknown, depth: number, budget: Budget): unknown {
  budget.nodes -= 1;
  if (budget.nodes < 0) return '[…]';
  if (typeof value === 'string') {
    if (SECRET_VALUE.test(value)) return REDACTED;
    return value.length > MAX_STRING ? `${value.slice(0, MAX_STRING)}… (${value.length} chars)` : value;
  }
  if (typeof value !== 'object' || value === null) return typeof value === 'number' || typeof value === 'boolean' || value === null ? value : String(value);
  if (depth >= MAX_DEPTH) return '[…]';
  if (Array.isArray(value)) {
    const items = value.slice(0, MAX_ITEMS).map((item) => redactValue(item, depth + 1, budget));
    if (value.length > MAX_ITEMS) items.push(`… (${value.length - MAX_ITEMS} more)`);
    return items;
  }
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    if (budget.nodes <= 0) break;
    out[key] = SECRET_KEY.test(key) ? REDACTED : redactValue(inner, depth + 1, budget);
  }
  return out;
}

/** The redacted JSON of a call's arguments, at most MAX_STORED_ARGUMENTS bytes (a cut one is a JSON string saying so). */
export function redactArguments(args: unknown): string {
  const json = JSON.stringify(redactValue(args ?? {}, 0, { nodes: MAX_NODES }));
  if (Buffer.byteLength(json) <= MAX_STORED_ARGUMENTS) return json;
  // Too large even redacted: keep a head of it as one JSON string, so the detail drawer still shows valid JSON.
  // 1,000 UTF-16 units stay under the bound even if every one is escaped as a six-byte \\u sequence.
  return JSON.stringify(`${json.slice(0, 1_000)}… (cut: ${Buffer.byteLength(json)} bytes redacted)`);
}
