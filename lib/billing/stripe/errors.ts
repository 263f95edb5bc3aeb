/**
 * Stripe's failures, mapped once (STYLE.md 7): a refusal of what the hub
 * asked (Stripe's 4xx) is `invalid` with Stripe's own words, which name the
 * field and never hold a secret; an outage, a timeout or a refused key is
 * `upstream_unreachable`, worded as what to do.
 */
import Stripe from 'stripe';
import { ServiceError } from '../../services/errors.ts';

/** True for an answer from Stripe that retrying the same request will not change (4xx other than 429 and 409 lock timeouts). */
export function isStripeRefusal(error: unknown): boolean {
  if (!(error instanceof Stripe.errors.StripeError)) return false;
  const status = error.statusCode ?? 0;
  return status >= 400 && status < 500 && status !== 429 && status !== 409 && status !== 401 && status !== 403;
}

/** Runs one Stripe request for `what` (e.g. "start a checkout"), turning its failure into a ServiceError. */
export async function stripeFailure<T>(what: string, request: () => Promise<T>): Promise<T> {
  try {
    return await request();
  } catch (error) {
    if (!(error instanceof Stripe.errors.StripeError)) throw error;
    if (isStripeRefusal(error)) throw new ServiceError('invalid', `Stripe refused to ${what}: ${error.message.slice(0, 300)}`);
    if (error.type === 'StripeAuthenticationError' || error.statusCode === 401 || error.statusCode === 403) {
      throw new ServiceError('upstream_unreachable', `Stripe refused the hub's API key, so it could not ${what}. The operator must check STRIPE_SECRET_KEY.`);
    }
    throw new ServiceError('upstream_unreachable', `Stripe could not be reached to ${what} (${error.statusCode ?? error.type}). Try again in a minute.`);
  }
}
