/**
 * The usage spool on a real directory, delivering to an idempotent in-memory
 * sink that can be switched off (an outage), made to lose acknowledgements, or
 * made to refuse one event. The end-to-end proof against a Convex-shaped
 * backend is test/e2e/replicas.test.ts.
 */
import { appendFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../lib/log.ts';
import type { UsageEvent } from '../../lib/store/port.ts';
import { openUsageSpool, SpoolLockedError, type UsageSpool } from '../../lib/usage/spool.ts';
import { waitUntil } from '../helpers/wait.ts';

/** An idempotent store: keeps the first copy of each id, in arrival order. */
function sink() {
  const received: string[] = [];
  const ids = new Set<string>();
  const state = { up: true, loseAcks: false, refuse: new Set<string>(), batches: 0 };
  return {
    received,
    state,
    async deliver(events: UsageEvent[]): Promise<void> {
      if (!state.up) throw new Error('connect ECONNREFUSED 127.0.0.1:1');
      const refused = events.find((e) => state.refuse.has(e.id));
      if (refused) throw Object.assign(new Error(`refused ${refused.id}`), { refusal: true });
      state.batches += 1;
      for (const event of events) if (!ids.has(event.id)) (ids.add(event.id), received.push(event.id));
      if (state.loseAcks) throw new Error('timed out after the write landed');
    },
  };
}

let seq = 0;
function event(): UsageEvent {
  seq += 1;
  return { id: `evt_${String(seq).padStart(6, '0')}`, userId: 'usr_1', keyId: 'key_1', integration: 'github', tool: 'get_me', outcome: 'ok', billable: true, totalMs: 1, upstreamMs: 1, bytesIn: 2, bytesOut: 3, at: Date.UTC(2026, 10, 21) };
}

const logs: string[] = [];
const logger = createLogger({ level: 'debug', write: (line) => logs.push(line) });
const open: UsageSpool[] = [];

function spoolOn(dir: string, target: ReturnType<typeof sink>, options: { batchSize?: number } = {}): UsageSpool {
  const spool = openUsageSpool({ dir, deliver: (events) => target.deliver(events), isRejection: (error) => (error as { refusal?: boolean }).refusal === true, logger, flushDelayMs: 10, retryMinMs: 20, retryMaxMs: 100, ...options });
  open.push(spool);
  return spool;
}

const segments = (dir: string) => readdirSync(dir).filter((name) => name.endsWith('.jsonl') && name !== 'rejected.jsonl');

afterEach(async () => {
  await Promise.all(open.splice(0).map((spool) => spool.close(200)));
  logs.length = 0;
});

describe('usage spool', () => {
  it('delivers every event in order, in batches, and leaves no segment behind', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'spool-'));
    const target = sink();
    const spool = spoolOn(dir, target, { batchSize: 50 });
    const events = Array.from({ length: 1_000 }, event);
    for (const e of events) spool.append(e);
    await waitUntil(() => target.received.length === 1_000, 5_000, 'all events delivered');
    expect(target.received).toEqual(events.map((e) => e.id));
    expect(target.state.batches).toBeLessThan(1_000 / 10);
    await spool.flush();
    expect(spool.pending).toBe(0);
    expect(segments(dir).every((name) => readFileSync(join(dir, name), 'utf8') === '')).toBe(true);
  });

  it('keeps events on disk through an outage and delivers them once, in order, when the store is back', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'spool-'));
    const target = sink();
    target.state.up = false;
    const spool = spoolOn(dir, target);
    const events = Array.from({ length: 300 }, event);
    for (const e of events.slice(0, 150)) spool.append(e);
    await expect(spool.flush()).rejects.toThrow(/ECONNREFUSED/);
    for (const e of events.slice(150)) spool.append(e);
    expect(spool.pending).toBe(300);
    expect(segments(dir).length).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 150)); // several retries fail meanwhile
    expect(logs.filter((line) => line.includes('usage delivery failed') && line.includes('"warn"'))).toHaveLength(1);
    target.state.up = true;
    await waitUntil(() => spool.pending === 0, 5_000, 'spool drained after the outage');
    expect(target.received).toEqual(events.map((e) => e.id));
    expect(logs.some((line) => line.includes('usage delivery recovered'))).toBe(true);
  });

  it('counts an event once when an acknowledgement was lost and the batch is resent', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'spool-'));
    const target = sink();
    target.state.loseAcks = true;
    const spool = spoolOn(dir, target);
    const events = Array.from({ length: 20 }, event);
    for (const e of events) spool.append(e);
    await waitUntil(() => target.state.batches >= 3, 5_000, 'the batch resent');
    target.state.loseAcks = false;
    await waitUntil(() => spool.pending === 0, 5_000, 'spool drained');
    expect(target.received).toEqual(events.map((e) => e.id));
  });

  it('survives a crash: the next process delivers what the last one journaled, dropping only a torn final line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'spool-'));
    const down = sink();
    down.state.up = false;
    const crashed = spoolOn(dir, down);
    const events = Array.from({ length: 40 }, event);
    for (const e of events) crashed.append(e);
    // Stands in for the process dying: its timers stop and the journal stays.
    await crashed.close(0);
    // A crash mid-write leaves half a line at the end of the segment.
    appendFileSync(join(dir, segments(dir).at(-1)!), '{"id":"evt_torn","userId":"us');

    const target = sink();
    const next = spoolOn(dir, target);
    expect(next.pending).toBe(41);
    await waitUntil(() => target.received.length === 40, 5_000, 'journaled events delivered by the next process');
    await next.flush();
    expect(target.received).toEqual(events.map((e) => e.id));
    expect(logs.some((line) => line.includes('partly written usage event'))).toBe(true);
  });

  it('sets aside an event the store refuses, and delivers the rest of its batch', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'spool-'));
    const target = sink();
    const spool = spoolOn(dir, target);
    const events = Array.from({ length: 10 }, event);
    target.state.refuse.add(events[4]!.id);
    for (const e of events) spool.append(e);
    await spool.flush();
    expect(target.received).toEqual(events.filter((_, i) => i !== 4).map((e) => e.id));
    const rejected = readFileSync(join(dir, 'rejected.jsonl'), 'utf8').trim().split('\n');
    expect(rejected.map((line) => (JSON.parse(line) as UsageEvent).id)).toEqual([events[4]!.id]);
  });

  it('refuses a spool dir owned by another live process, and takes over a stale lock', () => {
    const dir = mkdtempSync(join(tmpdir(), 'spool-'));
    writeFileSync(join(dir, 'spool.lock'), String(process.ppid));
    expect(() => spoolOn(dir, sink())).toThrow(SpoolLockedError);
    expect(() => spoolOn(dir, sink())).toThrow(/own MCPHUB_DATA_DIR/);
    writeFileSync(join(dir, 'spool.lock'), '999999999');
    expect(() => spoolOn(dir, sink())).not.toThrow();
  });

  it('closes within its deadline while the store is down, and the next start delivers what was left', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'spool-'));
    const down = sink();
    down.state.up = false;
    const first = spoolOn(dir, down);
    const events = Array.from({ length: 5 }, event);
    for (const e of events) first.append(e);
    await first.close(100);
    expect(existsSync(join(dir, 'spool.lock'))).toBe(false);
    expect(logs.some((line) => line.includes('usage events left in the spool'))).toBe(true);

    const target = sink();
    const second = spoolOn(dir, target);
    await second.flush();
    expect(target.received).toEqual(events.map((e) => e.id));
    expect(() => first.append(event())).toThrow(/closed/);
  });
});
