/**
 * Replay check benchmark (`npm run bench:replay`).
 *
 * What verifying one signed `/fn` call costs now that its nonce is claimed in
 * the store (a SQLite commit in the data dir, so the claim survives a
 * restart), against two baselines measured in the same run: the same
 * verifier claiming in memory only (what replay protection cost before, when
 * a restart forgot it), and the usage commit every call already makes
 * (`recordUsage` into the same kind of file). Every call is a distinct,
 * correctly signed request; the variants alternate in rounds so machine noise
 * lands on all of them.
 *
 * Options: BENCH_CALLS (per variant, default 20000). Target: what the store
 * claim adds over the in-memory check ≤ 1.5 × one usage commit.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SIGNATURE_HEADER, signedHeaders, SignatureVerifier, TIMESTAMP_HEADER } from '../lib/crypto/signing.ts';
import { openEmbeddedStore } from '../lib/store/embedded/index.ts';
import type { Store, UsageEvent } from '../lib/store/port.ts';

const CALLS = Number(process.env.BENCH_CALLS ?? 20_000);
const ROUNDS = 10;
const SECRET = 'bench-forward-secret-0123456789abcdef';
const dir = mkdtempSync(join(tmpdir(), 'mcphub-bench-replay-'));
const store = openEmbeddedStore({ dataDir: join(dir, 'nonces') });
const usage = openEmbeddedStore({ dataDir: join(dir, 'usage') });
const claimed = new Set<string>();
const inMemory: Pick<Store, 'claimNonce'> = { claimNonce: async ({ nonce }) => !claimed.has(nonce) && Boolean(claimed.add(nonce)) };
const variants = { store: new SignatureVerifier(SECRET, store), memory: new SignatureVerifier(SECRET, inMemory) };

let seq = 0;
const request = () => {
  const body = JSON.stringify({ tool: 'get_me', args: {}, userId: 'usr_bench', sealedCredential: `v1.${++seq}` });
  const headers = signedHeaders(SECRET, body);
  return { timestamp: headers[TIMESTAMP_HEADER]!, signature: headers[SIGNATURE_HEADER]!, body };
};

const event = (): UsageEvent => ({ id: `evt_bench_${++seq}`, userId: 'usr_bench', keyId: 'key_bench', integration: 'github', tool: 'get_me', outcome: 'ok', billable: true, totalMs: 12.5, upstreamMs: 10, bytesIn: 2, bytesOut: 300, at: Date.now() });

const timing = { store: 0, memory: 0, usage: 0 };
const perRound = Math.ceil(CALLS / ROUNDS);
try {
  for (let round = 0; round < ROUNDS; round++) {
    for (const name of ['store', 'memory'] as const) {
      const requests = Array.from({ length: perRound }, request);
      const started = performance.now();
      for (const r of requests) {
        if (!(await variants[name].verify(r.timestamp, r.signature, r.body)).ok) throw new Error(`${name}: a fresh request was refused`);
      }
      timing[name] += performance.now() - started;
    }
    const events = Array.from({ length: perRound }, event);
    const started = performance.now();
    for (const e of events) await usage.recordUsage(e);
    timing.usage += performance.now() - started;
  }
  const total = perRound * ROUNDS;
  const us = (ms: number) => ((ms * 1000) / total).toFixed(2);
  console.log(`signed calls per variant: ${total}`);
  console.log(`verify + claim in hub.db (survives restarts): ${us(timing.store)} µs/call`);
  console.log(`verify + claim in memory (baseline):          ${us(timing.memory)} µs/call`);
  console.log(`recordUsage commit (baseline):                ${us(timing.usage)} µs/event`);
  console.log(`ratio store / memory: ${(timing.store / timing.memory).toFixed(2)}`);
  console.log(`added by the store claim / one usage commit: ${((timing.store - timing.memory) / timing.usage).toFixed(2)} (target ≤ 1.5)`);
} finally {
  await store.close();
  await usage.close();
  rmSync(dir, { recursive: true, force: true });
}
