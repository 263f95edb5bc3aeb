/** Signed forwarding: HMAC over `timestamp.body`, a skew window, and replay claims in the store. */
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_SKEW_MS, NONCE_GRACE_MS, sign, SIGNATURE_HEADER, signedHeaders, SignatureVerifier, TIMESTAMP_HEADER } from '../../lib/crypto/signing.ts';
import { openEmbeddedStore, type EmbeddedStore } from '../../lib/store/embedded/index.ts';
import type { Store } from '../../lib/store/port.ts';

const SECRET = 'forward-secret-0123456789abcdefghij';
const T0 = 1_750_000_000_000;
const BODY = JSON.stringify({ tool: 'get_me', args: {} });

const stores: EmbeddedStore[] = [];
afterEach(async () => {
  await Promise.all(stores.splice(0).map((store) => store.close()));
});

/** A real (in-memory) store on the test's clock, recording the claims it is asked for. */
function storeAt(clock: { now: number }) {
  const store = openEmbeddedStore({ dataDir: ':memory:', now: () => clock.now });
  stores.push(store);
  const claims: Array<{ nonce: string; expiresAt: number }> = [];
  const nonces: Pick<Store, 'claimNonce'> = { claimNonce: (input) => (claims.push(input), store.claimNonce(input)) };
  return { nonces, claims };
}

/** A verifier whose clock reads `clock.now`, over its own store unless given one. */
function verifierAt(clock: { now: number }, nonces: Pick<Store, 'claimNonce'> = storeAt(clock).nonces) {
  return new SignatureVerifier(SECRET, nonces, () => clock.now);
}

describe('sign / signedHeaders', () => {
  it('signs timestamp.body as v1=<hmac-sha256 hex>', () => {
    expect(sign(SECRET, T0, BODY)).toMatch(/^v1=[0-9a-f]{64}$/);
    expect(sign(SECRET, T0, BODY)).not.toBe(sign(SECRET, T0 + 1, BODY));
    expect(sign(SECRET, T0, BODY)).not.toBe(sign('another-secret-0123456789abcdefghij', T0, BODY));
  });

  it('puts the timestamp and its signature in the headers', () => {
    expect(signedHeaders(SECRET, BODY, T0)).toEqual({ [TIMESTAMP_HEADER]: String(T0), [SIGNATURE_HEADER]: sign(SECRET, T0, BODY) });
  });
});

describe('SignatureVerifier', () => {
  it('accepts a valid signature', async () => {
    const headers = signedHeaders(SECRET, BODY, T0);
    expect(await verifierAt({ now: T0 }).verify(headers[TIMESTAMP_HEADER]!, headers[SIGNATURE_HEADER]!, BODY)).toEqual({ ok: true });
  });

  it('accepts timestamps at the edge of the skew window on either side', async () => {
    const clock = { now: T0 };
    const verifier = verifierAt(clock);
    expect(await verifier.verify(String(T0 - MAX_SKEW_MS), sign(SECRET, T0 - MAX_SKEW_MS, BODY), BODY)).toEqual({ ok: true });
    expect(await verifier.verify(String(T0 + MAX_SKEW_MS), sign(SECRET, T0 + MAX_SKEW_MS, BODY), BODY)).toEqual({ ok: true });
  });

  it.each([
    ['no timestamp', null, sign(SECRET, T0, BODY)],
    ['no signature', String(T0), null],
    ['an empty signature', String(T0), ''],
  ])('rejects a request with %s as missing', async (_label, timestamp, signature) => {
    expect(await verifierAt({ now: T0 }).verify(timestamp, signature, BODY)).toEqual({ ok: false, reason: 'missing' });
  });

  it.each([
    ['a non-numeric timestamp', 'yesterday', sign(SECRET, T0, BODY)],
    ['a negative timestamp', `-${T0}`, sign(SECRET, T0, BODY)],
    ['a fractional timestamp', `${T0}.5`, sign(SECRET, T0, BODY)],
    ['no v1= prefix', String(T0), sign(SECRET, T0, BODY).slice(3)],
    ['uppercase hex', String(T0), sign(SECRET, T0, BODY).toUpperCase().replace('V1=', 'v1=')],
    ['a short signature', String(T0), sign(SECRET, T0, BODY).slice(0, -2)],
  ])('rejects %s as malformed', async (_label, timestamp, signature) => {
    expect(await verifierAt({ now: T0 }).verify(timestamp, signature, BODY)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('rejects a signature made with another secret', async () => {
    const signature = sign('not-the-secret-0123456789abcdefghij', T0, BODY);
    expect(await verifierAt({ now: T0 }).verify(String(T0), signature, BODY)).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('rejects a body changed after signing', async () => {
    const headers = signedHeaders(SECRET, BODY, T0);
    const changed = JSON.stringify({ tool: 'create_issue', args: {} });
    expect(await verifierAt({ now: T0 }).verify(headers[TIMESTAMP_HEADER]!, headers[SIGNATURE_HEADER]!, changed)).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('rejects a timestamp changed after signing', async () => {
    const signature = sign(SECRET, T0, BODY);
    expect(await verifierAt({ now: T0 }).verify(String(T0 + 1), signature, BODY)).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('rejects timestamps just outside the skew window as stale', async () => {
    const verifier = verifierAt({ now: T0 });
    const old = T0 - MAX_SKEW_MS - 1;
    const future = T0 + MAX_SKEW_MS + 1;
    expect(await verifier.verify(String(old), sign(SECRET, old, BODY), BODY)).toEqual({ ok: false, reason: 'stale' });
    expect(await verifier.verify(String(future), sign(SECRET, future, BODY), BODY)).toEqual({ ok: false, reason: 'stale' });
  });

  it('rejects a replay of an accepted request for as long as it is fresh, then as stale', async () => {
    const clock = { now: T0 };
    const verifier = verifierAt(clock);
    const headers = signedHeaders(SECRET, BODY, T0);
    const replay = () => verifier.verify(headers[TIMESTAMP_HEADER]!, headers[SIGNATURE_HEADER]!, BODY);
    expect(await replay()).toEqual({ ok: true });
    expect(await replay()).toEqual({ ok: false, reason: 'replayed' });
    clock.now = T0 + MAX_SKEW_MS;
    expect(await replay()).toEqual({ ok: false, reason: 'replayed' });
    clock.now = T0 + 3 * MAX_SKEW_MS;
    expect(await replay()).toEqual({ ok: false, reason: 'stale' });
  });

  it('still rejects a replay after older entries were forgotten', async () => {
    const clock = { now: T0 };
    const verifier = verifierAt(clock);
    expect(await verifier.verify(String(T0), sign(SECRET, T0, 'first'), 'first')).toEqual({ ok: true });
    clock.now = T0 + 3 * MAX_SKEW_MS;
    const later = signedHeaders(SECRET, BODY, clock.now);
    expect(await verifier.verify(later[TIMESTAMP_HEADER]!, later[SIGNATURE_HEADER]!, BODY)).toEqual({ ok: true });
    expect(await verifier.verify(later[TIMESTAMP_HEADER]!, later[SIGNATURE_HEADER]!, BODY)).toEqual({ ok: false, reason: 'replayed' });
  });

  it('refuses a replay to a new verifier over the same store (a restarted hub, another replica or function instance)', async () => {
    const clock = { now: T0 };
    const { nonces } = storeAt(clock);
    const headers = signedHeaders(SECRET, BODY, T0);
    expect(await verifierAt(clock, nonces).verify(headers[TIMESTAMP_HEADER]!, headers[SIGNATURE_HEADER]!, BODY)).toEqual({ ok: true });
    clock.now = T0 + 1_000;
    expect(await verifierAt(clock, nonces).verify(headers[TIMESTAMP_HEADER]!, headers[SIGNATURE_HEADER]!, BODY)).toEqual({ ok: false, reason: 'replayed' });
  });

  it('claims a hash of the signature, held until the skew window and the grace have passed', async () => {
    const clock = { now: T0 + 5_000 };
    const { nonces, claims } = storeAt(clock);
    const headers = signedHeaders(SECRET, BODY, T0);
    await verifierAt(clock, nonces).verify(headers[TIMESTAMP_HEADER]!, headers[SIGNATURE_HEADER]!, BODY);
    expect(claims).toEqual([{ nonce: expect.stringMatching(/^[0-9a-f]{64}$/), expiresAt: T0 + MAX_SKEW_MS + NONCE_GRACE_MS }]);
    expect(headers[SIGNATURE_HEADER]).not.toContain(claims[0]!.nonce);
  });

  it('asks the store nothing for a request it refuses on its own, so nobody without the secret makes it write', async () => {
    const clock = { now: T0 };
    const { nonces, claims } = storeAt(clock);
    const verifier = verifierAt(clock, nonces);
    const stale = T0 - 2 * MAX_SKEW_MS;
    expect(await verifier.verify(null, sign(SECRET, T0, BODY), BODY)).toMatchObject({ reason: 'missing' });
    expect(await verifier.verify('soon', sign(SECRET, T0, BODY), BODY)).toMatchObject({ reason: 'malformed' });
    expect(await verifier.verify(String(stale), sign(SECRET, stale, BODY), BODY)).toMatchObject({ reason: 'stale' });
    expect(await verifier.verify(String(T0), sign('not-the-secret-0123456789abcdefghij', T0, BODY), BODY)).toMatchObject({ reason: 'bad_signature' });
    expect(claims).toEqual([]);
  });

  it('rejects (never accepts) a signed request while the store cannot answer, and accepts it once the store is back', async () => {
    const clock = { now: T0 };
    const { nonces } = storeAt(clock);
    let down = true;
    const flaky: Pick<Store, 'claimNonce'> = { claimNonce: (input) => (down ? Promise.reject(new Error('store unreachable')) : nonces.claimNonce(input)) };
    const verifier = verifierAt(clock, flaky);
    const headers = signedHeaders(SECRET, BODY, T0);
    await expect(verifier.verify(headers[TIMESTAMP_HEADER]!, headers[SIGNATURE_HEADER]!, BODY)).rejects.toThrow('store unreachable');
    down = false;
    expect(await verifier.verify(headers[TIMESTAMP_HEADER]!, headers[SIGNATURE_HEADER]!, BODY)).toEqual({ ok: true });
  });

  it('does not count a rejected request as seen', async () => {
    const verifier = verifierAt({ now: T0 });
    const headers = signedHeaders(SECRET, BODY, T0);
    expect(await verifier.verify(headers[TIMESTAMP_HEADER]!, headers[SIGNATURE_HEADER]!, 'tampered')).toEqual({ ok: false, reason: 'bad_signature' });
    expect(await verifier.verify(headers[TIMESTAMP_HEADER]!, headers[SIGNATURE_HEADER]!, BODY)).toEqual({ ok: true });
  });
});
