/**
 * Signed forwarding between the gateway and per-integration functions
 * (DESIGN.md, "Integrations are data"): HMAC-SHA256 over `timestamp.body`,
 * a short skew window, and replay protection so a captured request cannot be
 * played again inside that window — not after a restart, and not against
 * another replica or function instance either: the nonce is claimed in the
 * store every instance shares (`Store.claimNonce`).
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { Store } from '../store/port.ts';

export const SIGNATURE_HEADER = 'x-mcphub-signature';
export const TIMESTAMP_HEADER = 'x-mcphub-timestamp';
/** How far a signed request's timestamp may be from the receiver's clock. */
export const MAX_SKEW_MS = 60_000;
/**
 * How long a claimed nonce outlives the skew window. The receiver checks
 * staleness on its own clock, but the Convex prune runs on the deployment's:
 * this much difference between the two cannot reopen a window.
 */
export const NONCE_GRACE_MS = 60_000;

export function sign(secret: string, timestampMs: number, body: string): string {
  return 'v1=' + createHmac('sha256', secret).update(`${timestampMs}.${body}`).digest('hex');
}

export function signedHeaders(secret: string, body: string, now = Date.now()): Record<string, string> {
  return { [TIMESTAMP_HEADER]: String(now), [SIGNATURE_HEADER]: sign(secret, now, body) };
}

export type SignatureCheck = { ok: true; timestamp: number } | { ok: false; reason: 'missing' | 'malformed' | 'stale' | 'bad_signature' };
export type VerifyResult = { ok: true } | { ok: false; reason: Extract<SignatureCheck, { ok: false }>['reason'] | 'replayed' };

/** The pure part of verification: headers well-formed, timestamp inside the skew window, signature right. */
export function checkSignature(secret: string, timestampHeader: string | null, signatureHeader: string | null, body: string, now: number): SignatureCheck {
  if (!timestampHeader || !signatureHeader) return { ok: false, reason: 'missing' };
  if (!/^\d{1,15}$/.test(timestampHeader) || !/^v1=[0-9a-f]{64}$/.test(signatureHeader)) return { ok: false, reason: 'malformed' };
  const timestamp = Number(timestampHeader);
  if (Math.abs(now - timestamp) > MAX_SKEW_MS) return { ok: false, reason: 'stale' };
  const expected = Buffer.from(sign(secret, timestamp, body));
  const given = Buffer.from(signatureHeader);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: 'bad_signature' };
  return { ok: true, timestamp };
}

/**
 * Checks signatures, then claims each accepted one's nonce (the SHA-256 of the
 * signature) in the store until it would be stale anyway. The store is the
 * authority; a small in-memory cache of nonces this instance already saw
 * answers a repeated replay without a round trip. Only correctly signed
 * requests reach the store, so nobody without the secret can make it write.
 * A store that cannot be reached makes `verify` reject: refusing then is
 * safer than accepting what might be a replay.
 */
export class SignatureVerifier {
  /** Nonce → when it expires, in arrival order. */
  readonly #seen = new Map<string, number>();

  constructor(
    private readonly secret: string,
    private readonly nonces: Pick<Store, 'claimNonce'>,
    private readonly now: () => number = Date.now,
  ) {}

  async verify(timestampHeader: string | null, signatureHeader: string | null, body: string): Promise<VerifyResult> {
    const now = this.now();
    const check = checkSignature(this.secret, timestampHeader, signatureHeader, body, now);
    if (!check.ok) return check;
    this.#forgetExpired(now);
    const nonce = createHash('sha256').update(signatureHeader!).digest('hex');
    if (this.#seen.has(nonce)) return { ok: false, reason: 'replayed' };
    const expiresAt = check.timestamp + MAX_SKEW_MS + NONCE_GRACE_MS;
    const claimed = await this.nonces.claimNonce({ nonce, expiresAt });
    this.#seen.set(nonce, expiresAt);
    return claimed ? { ok: true } : { ok: false, reason: 'replayed' };
  }

  #forgetExpired(now: number): void {
    // Arrival order is close to expiry order (timestamps are within the skew window of arrival); stopping at the
    // first live entry keeps this O(expired), and a late straggler is dropped on a later pass.
    for (const [nonce, expiresAt] of this.#seen) {
      if (expiresAt > now) break;
      this.#seen.delete(nonce);
    }
  }
}
