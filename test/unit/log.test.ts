/** Structured logs: levels, JSON lines, and redaction of secrets before they are written. */
import { describe, expect, it } from 'vitest';
import { createLogger, errorFields, redact, type LogLevel } from '../../lib/log.ts';

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
