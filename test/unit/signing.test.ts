/** Signed forwarding: HMAC over `timestamp.body`, a skew window and a replay cache. */
import { describe, expect, it } from 'vitest';
import { MAX_SKEW_MS, sign, SIGNATURE_HEADER, signedHeaders, SignatureVerifier, TIMESTAMP_HEADER } from '../../lib/crypto/signing.ts';

const SECRET = 'forward-secret-0123456789abcdefghij';
const T0 = 1_750_000_000_000;
const BODY = JSON.stringify({ tool: 'get_me', args: {} });

/** A verifier whose clock reads `clock.now`. */
function verifierAt(clock: { now: number }) {
  return new SignatureVerifier(SECRET, () => clock.now);
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
  it('accepts a valid signature', () => {
    const headers = signedHeaders(SECRET, BODY, T0);
    expect(verifierAt({ now: T0 }).verify(headers[TIMESTAMP_HEADER]!, headers[SIGNATURE_HEADER]!, BODY)).toEqual({ ok: true });
  });

  it('accepts timestamps at the edge of the skew window on either side', () => {
    const clock = { now: T0 };
    const verifier = verifierAt(clock);
    expect(verifier.verify(String(T0 - MAX_SKEW_MS), sign(SECRET, T0 - MAX_SKEW_MS, BODY), BODY)).toEqual({ ok: true });
    expect(verifier.verify(String(T0 + MAX_SKEW_MS), sign(SECRET, T0 + MAX_SKEW_MS, BODY), BODY)).toEqual({ ok: true });
  });

  it.each([
    ['no timestamp', null, sign(SECRET, T0, BODY)],
    ['no signature', String(T0), null],
    ['an empty signature', String(T0), ''],
  ])('rejects a request with %s as missing', (_label, timestamp, signature) => {
    expect(verifierAt({ now: T0 }).verify(timestamp, signature, BODY)).toEqual({ ok: false, reason: 'missing' });
  });

  it.each([
    ['a non-numeric timestamp', 'yesterday', sign(SECRET, T0, BODY)],
    ['a negative timestamp', `-${T0}`, sign(SECRET, T0, BODY)],
    ['a fractional timestamp', `${T0}.5`, sign(SECRET, T0, BODY)],
    ['no v1= prefix', String(T0), sign(SECRET, T0, BODY).slice(3)],
    ['uppercase hex', String(T0), sign(SECRET, T0, BODY).toUpperCase().replace('V1=', 'v1=')],
    ['a short signature', String(T0), sign(SECRET, T0, BODY).slice(0, -2)],
  ])('rejects %s as malformed', (_label, timestamp, signature) => {
    expect(verifierAt({ now: T0 }).verify(timestamp, signature, BODY)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('rejects a signature made with another secret', () => {
    const signature = sign('not-the-secret-0123456789abcdefghij', T0, BODY);
    expect(verifierAt({ now: T0 }).verify(String(T0), signature, BODY)).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('rejects a body changed after signing', () => {
    const headers = signedHeaders(SECRET, BODY, T0);
    const changed = JSON.stringify({ tool: 'create_issue', args: {} });
    expect(verifierAt({ now: T0 }).verify(headers[TIMESTAMP_HEADER]!, headers[SIGNATURE_HEADER]!, changed)).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('rejects a timestamp changed after signing', () => {
    const signature = sign(SECRET, T0, BODY);
    expect(verifierAt({ now: T0 }).verify(String(T0 + 1), signature, BODY)).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('rejects timestamps just outside the skew window as stale', () => {
    const verifier = verifierAt({ now: T0 });
    const old = T0 - MAX_SKEW_MS - 1;
    const future = T0 + MAX_SKEW_MS + 1;
    expect(verifier.verify(String(old), sign(SECRET, old, BODY), BODY)).toEqual({ ok: false, reason: 'stale' });
    expect(verifier.verify(String(future), sign(SECRET, future, BODY), BODY)).toEqual({ ok: false, reason: 'stale' });
  });

  it('rejects a replay of an accepted request for as long as it is fresh, then as stale', () => {
    const clock = { now: T0 };
    const verifier = verifierAt(clock);
    const headers = signedHeaders(SECRET, BODY, T0);
    const replay = () => verifier.verify(headers[TIMESTAMP_HEADER]!, headers[SIGNATURE_HEADER]!, BODY);
    expect(replay()).toEqual({ ok: true });
    expect(replay()).toEqual({ ok: false, reason: 'replayed' });
    clock.now = T0 + MAX_SKEW_MS;
    expect(replay()).toEqual({ ok: false, reason: 'replayed' });
    clock.now = T0 + 3 * MAX_SKEW_MS;
    expect(replay()).toEqual({ ok: false, reason: 'stale' });
  });

  it('still rejects a replay after older entries were forgotten', () => {
    const clock = { now: T0 };
    const verifier = verifierAt(clock);
    expect(verifier.verify(String(T0), sign(SECRET, T0, 'first'), 'first')).toEqual({ ok: true });
    clock.now = T0 + 3 * MAX_SKEW_MS;
    const later = signedHeaders(SECRET, BODY, clock.now);
    expect(verifier.verify(later[TIMESTAMP_HEADER]!, later[SIGNATURE_HEADER]!, BODY)).toEqual({ ok: true });
    expect(verifier.verify(later[TIMESTAMP_HEADER]!, later[SIGNATURE_HEADER]!, BODY)).toEqual({ ok: false, reason: 'replayed' });
  });

  it('does not count a rejected request as seen', () => {
    const verifier = verifierAt({ now: T0 });
    const headers = signedHeaders(SECRET, BODY, T0);
    expect(verifier.verify(headers[TIMESTAMP_HEADER]!, headers[SIGNATURE_HEADER]!, 'tampered')).toEqual({ ok: false, reason: 'bad_signature' });
    expect(verifier.verify(headers[TIMESTAMP_HEADER]!, headers[SIGNATURE_HEADER]!, BODY)).toEqual({ ok: true });
  });
});
