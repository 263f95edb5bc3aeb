/** Rate-limited log lines: one per key per window, then a count of what was left out. */
import { describe, expect, it } from 'vitest';
import { limitLogs } from '../../lib/log-limiter.ts';
import { createLogger } from '../../lib/log.ts';

function setup(options: { maxKeys?: number } = {}) {
  const lines: Array<Record<string, unknown>> = [];
  const clock = { now: 0 };
  const logger = createLogger({ level: 'debug', write: (line) => lines.push(JSON.parse(line) as Record<string, unknown>) });
  return { lines, clock, limited: limitLogs(logger, { windowMs: 10_000, now: () => clock.now, ...options }) };
}

describe('limitLogs', () => {
  it('writes the first line of a key, drops the rest of its window, and the next line says how many were dropped', () => {
    const { lines, clock, limited } = setup();
    for (let i = 0; i < 1_000; i++) limited.warn('stale', 'refused', { reason: 'stale' });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 'warn', msg: 'refused', reason: 'stale' });
    expect(lines[0]).not.toHaveProperty('suppressed');
    clock.now = 9_999;
    limited.warn('stale', 'refused', { reason: 'stale' });
    expect(lines).toHaveLength(1);
    clock.now = 10_000;
    limited.warn('stale', 'refused', { reason: 'stale' });
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatchObject({ msg: 'refused', reason: 'stale', suppressed: 1_000 });
    clock.now = 30_000;
    limited.warn('stale', 'refused', { reason: 'stale' });
    expect(lines[2]).not.toHaveProperty('suppressed');
  });

  it('limits each key on its own, at the level asked for', () => {
    const { lines, limited } = setup();
    limited.warn('stale', 'refused', { reason: 'stale' });
    limited.error('store', 'store down');
    limited.warn('stale', 'refused', { reason: 'stale' });
    limited.info('replayed', 'refused', { reason: 'replayed' });
    expect(lines.map((line) => [line.level, line.msg, line.reason])).toEqual([['warn', 'refused', 'stale'], ['error', 'store down', undefined], ['info', 'refused', 'replayed']]);
  });

  it('past maxKeys distinct keys, new keys share one budget', () => {
    const { lines, limited } = setup({ maxKeys: 3 });
    for (let i = 0; i < 10_000; i++) limited.warn(`key-${i}`, 'refused');
    expect(lines).toHaveLength(4);
  });
});
