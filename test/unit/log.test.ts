/** Structured logs: levels, JSON lines, and redaction of secrets before they are written. */
import { describe, expect, it } from 'vitest';
import { createLogger, errorFields, MAX_LINE_CHARS, MAX_LOGGED_CHARS, redact, type LogLevel } from '../../lib/log.ts';

const MCP_KEY = `mcp_sk_${'a1B2c3D4e5'.repeat(4)}xyz`;
const CLASSIC_PAT = 'ghp_aliceToken0123456789abcdefghijkl';
const FINE_GRAINED_PAT = `github_pat_11ABCDEFG0_${'x1Y2z3'.repeat(10)}`;

describe('redact', () => {
  it('leaves ordinary words after "token" or "bearer" alone', () => {
    expect(redact('invalid token provided by the client')).toBe('invalid token provided by the client');
  });

  it.each([
    ['an MCP Hub API key', MCP_KEY],
    ['a classic GitHub token', CLASSIC_PAT],
    ['a GitHub OAuth token', 'gho_16C7e42F292c6912E7710c838347Ae178B4a'],
    ['a fine-grained GitHub token', FINE_GRAINED_PAT],
  ])('masks %s wherever it appears', (_label, secret) => {
    const out = redact(`calling with ${secret} now`);
    expect(out).not.toContain(secret);
    expect(out).not.toContain(secret.slice(8));
    expect(out).toMatch(/^calling with .{1,7}…\[redacted\] now$/);
  });

  it('masks the password of a connection string, keeping scheme, user and host', () => {
    expect(redact('connect postgres://hub_reader:s3cr%40t-pw@db.internal:5432/shop failed')).toBe('connect postgres://hub_reader:…[redacted]@db.internal:5432/shop failed');
    expect(redact('"postgresql://u:p@h/db"')).toBe('"postgresql://u:…[redacted]@h/db"');
    expect(redact('see https://example.com/a:b@c')).toBe('see https://example.com/a:b@c');
  });

  it('keeps the mcp_sk_ prefix so a reader knows what kind of secret was there', () => {
    expect(redact(`key=${MCP_KEY}`)).toBe('key=mcp_sk_…[redacted]');
  });

  it('masks a bearer credential whatever its shape or case', () => {
    const opaque = 'eyJhbGciOiJIUzI1NiJ9.payload.sig';
    expect(redact(`Authorization: Bearer ${opaque}`)).toBe('Authorization: Bearer …[redacted]');
    expect(redact(`authorization: bearer ${opaque}`)).toBe('authorization: bearer …[redacted]');
  });

  it('masks an MCP key sent as a bearer token', () => {
    const out = redact(`Authorization: Bearer ${MCP_KEY}`);
    expect(out).not.toContain(MCP_KEY.slice(7));
    expect(out).toContain('[redacted]');
  });

  it('masks every occurrence, not just the first', () => {
    const out = redact(`${CLASSIC_PAT} and ${CLASSIC_PAT} and ${MCP_KEY}`);
    expect(out.match(/\[redacted\]/g)).toHaveLength(3);
    expect(out).not.toContain(CLASSIC_PAT);
  });

  it.each([
    ['a GitHub token glued to a letter', `x${CLASSIC_PAT}`],
    ['a GitHub token followed by an underscore', `${CLASSIC_PAT}_suffix`],
    ['an MCP Hub key glued to a word', `abc${MCP_KEY}`],
    ['a Slack bot token glued to a word', 'tokenxoxb-1234567890-abcdefghijkl'],
    ['a Slack app token glued to a word', 'appxapp-1-A0123456789-abcdefghij'],
    ['a Linear key glued to a word', 'idlin_api_0123456789abcdefghijKLMN'],
    ['a Linear OAuth token after an underscore', 'LINEAR_lin_oauth_0123456789abcdefghijKLMN'],
    ['a Notion secret glued to a word', 'keyntn_0123456789abcdefghijKLMNOP'],
  ])('masks %s', (_label, glued) => {
    const out = redact(`got ${glued}!`);
    expect(out).toContain('…[redacted]');
    expect(out).not.toMatch(/0123456789abcdef|aliceToken|a1B2c3D4e5a1B2/);
  });

  it('leaves ordinary words that contain a token prefix alone', () => {
    const text = 'ghost_protocol, sigh_of_relief, the ghp_ and github_pat_ prefixes, xoxo-gossip, secret_key, client_secret, tokenizer tokens, bearer bonds, lin_api docs, mcp_sk_ keys';
    expect(redact(text)).toBe(text);
  });

  it('leaves text without secrets alone', () => {
    const text = 'github__create_issue took 120 ms for usr_alice; token expired, bearer missing';
    expect(redact(text)).toBe(text);
  });
});

/** A logger whose lines are collected as parsed JSON objects. */
function collect(level?: LogLevel) {
  const lines: string[] = [];
  const logger = createLogger({ level, write: (line) => lines.push(line) });
  return { logger, lines, records: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

describe('createLogger', () => {
  it('writes one JSON object per call with time, level, message and fields', () => {
    const { logger, lines, records } = collect('debug');
    logger.info('tool called', { tool: 'github__get_me', ms: 12 });
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain('\n');
    const [record] = records();
    expect(record).toMatchObject({ level: 'info', msg: 'tool called', tool: 'github__get_me', ms: 12 });
    expect(new Date(record!.time as string).toISOString()).toBe(record!.time);
  });

  it('defaults to info: debug is dropped, info and above are written', () => {
    const { logger, records } = collect();
    logger.debug('d');
    logger.info('i');
    logger.warn('w');
    logger.error('e');
    expect(records().map((r) => r.level)).toEqual(['info', 'warn', 'error']);
  });

  it('writes only at or above the configured level', () => {
    const { logger, records } = collect('warn');
    logger.debug('d');
    logger.info('i');
    logger.warn('w');
    logger.error('e');
    expect(records().map((r) => r.msg)).toEqual(['w', 'e']);
  });

  it('writes nothing when silent', () => {
    const { logger, lines } = collect('silent');
    logger.error('e');
    expect(lines).toEqual([]);
  });

  it('cuts long strings in messages and fields, saying how much was left out', () => {
    const { logger, records } = collect('debug');
    logger.warn('x'.repeat(20_000), { path: `/fn/${'a'.repeat(16_000)}`, short: 'kept' });
    const [record] = records();
    expect(record!.msg).toBe(`${'x'.repeat(MAX_LOGGED_CHARS)}…[${20_000 - MAX_LOGGED_CHARS} more characters]`);
    expect((record!.path as string).length).toBeLessThan(MAX_LOGGED_CHARS + 40);
    expect(record!.short).toBe('kept');
  });

  it('masks a secret before cutting, so a cut through a token leaves none of it', () => {
    const { logger, lines } = collect('debug');
    logger.warn('cut', { value: `${'a '.repeat((MAX_LOGGED_CHARS - 10) / 2)}${CLASSIC_PAT}` });
    expect(lines[0]).not.toContain(CLASSIC_PAT.slice(0, 10));
  });

  it('keeps time, level and message of a line with too much in its fields, and says what it left out', () => {
    const { logger, lines, records } = collect('debug');
    logger.warn('many fields', { list: Array.from({ length: 5_000 }, (_, i) => `item-${i}`) });
    expect(lines[0]!.length).toBeLessThan(MAX_LINE_CHARS);
    expect(records()[0]).toMatchObject({ level: 'warn', msg: 'many fields', omitted: expect.stringMatching(/^fields of \d+ characters$/) });
  });

  it('redacts secrets in messages and fields, and the line stays valid JSON', () => {
    const { logger, lines, records } = collect('debug');
    logger.warn(`rejected ${MCP_KEY}`, { headers: { authorization: `Bearer ${CLASSIC_PAT}` }, token: CLASSIC_PAT });
    expect(lines[0]).not.toContain(CLASSIC_PAT);
    expect(lines[0]).not.toContain(MCP_KEY);
    const [record] = records();
    expect(record!.msg).toBe('rejected mcp_sk_…[redacted]');
    expect(record!.token).toMatch(/…\[redacted\]$/);
  });
});

describe('errorFields', () => {
  it('gives name and message of an Error, without its stack', () => {
    expect(errorFields(new TypeError('bad input'))).toEqual({ error: 'TypeError', message: 'bad input' });
  });

  it('stringifies anything else', () => {
    expect(errorFields('boom')).toEqual({ error: 'boom' });
    expect(errorFields(42)).toEqual({ error: '42' });
  });
});
