/**
 * Signed forwarding between the gateway and per-integration functions
 * (DESIGN.md, "Integrations are data"): HMAC-SHA256 over `timestamp.body`,
 * a short skew window, and a replay cache so a captured request cannot be
 * played again inside that window.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-mcphub-signature';
export const TIMESTAMP_HEADER = 'x-mcphub-timestamp';
/** How far a signed request's timestamp may be from the receiver's clock. */
export const MAX_SKEW_MS = 60_000;

export function sign(secret: string, timestampMs: number, body: string): string {
  return 'v1=' + createHmac('sha256', secret).update(`${timestampMs}.${body}`).digest('hex');
}

export function signedHeaders(secret: string, body: string, now = Date.now()): Record<string, string> {
  return { [TIMESTAMP_HEADER]: String(now), [SIGNATURE_HEADER]: sign(secret, now, body) };
}

export type VerifyResult = { ok: true } | { ok: false; reason: 'missing' | 'malformed' | 'stale' | 'bad_signature' | 'replayed' };

/** Verifies signatures and remembers the ones it accepted until they are too old to pass the skew check anyway. */
export class SignatureVerifier {
  readonly #seen = new Map<string, number>();

  constructor(
    private readonly secret: string,
    private readonly now: () => number = Date.now,
  ) {}

  verify(timestampHeader: string | null, signatureHeader: string | null, body: string): VerifyResult {
    if (!timestampHeader || !signatureHeader) return { ok: false, reason: 'missing' };
    if (!/^\d{1,15}$/.test(timestampHeader) || !/^v1=[0-9a-f]{64}$/.test(signatureHeader)) return { ok: false, reason: 'malformed' };
    const timestamp = Number(timestampHeader);
    const now = this.now();
    if (Math.abs(now - timestamp) > MAX_SKEW_MS) return { ok: false, reason: 'stale' };
    const expected = Buffer.from(sign(this.secret, timestamp, body));
    const given = Buffer.from(signatureHeader);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: 'bad_signature' };
    this.#forgetOld(now);
    if (this.#seen.has(signatureHeader)) return { ok: false, reason: 'replayed' };
    this.#seen.set(signatureHeader, timestamp);
    return { ok: true };
  }

  #forgetOld(now: number): void {
    // Insertion order is arrival order, so the oldest entries come first.
    for (const [signature, timestamp] of this.#seen) {
      if (now - timestamp <= 2 * MAX_SKEW_MS) break;
      this.#seen.delete(signature);
    }
  }
}
