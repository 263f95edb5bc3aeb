/** What the management API is built from: the services' dependencies (the actor is per request), the hub's logger and the sign-in throttle. */
import type { Logger } from '../log.ts';
import type { ClerkKeys } from '../server/config.ts';
import type { ServiceDeps } from '../services/deps.ts';
import type { SignInThrottle } from '../services/sign-in-throttle.ts';
import type { SignedIn } from './auth.ts';

export interface ApiDeps {
  services: Omit<ServiceDeps, 'actor'>;
  logger: Logger;
  /** Failed sign-ins, per email and address, shared by every route that takes a password. */
  throttle: SignInThrottle;
  /** Clerk's keys, when the hub accepts Clerk session tokens. */
  clerk?: ClerkKeys;
  /** The clock sessions and links are timed by (tests move it). */
  now?: () => number;
}

/** Who acts when nobody is signed in yet (sign-in, setup, an invite accepted): audited as `dashboard`. */
export function anonymous(deps: ApiDeps): ServiceDeps & { now?: () => number } {
  return { ...deps.services, actor: 'dashboard', ...(deps.now && { now: deps.now }) };
}

/** The services' deps for one signed-in user: audited as `dashboard:<user id>`. */
export function actingAs(deps: ApiDeps, me: SignedIn): ServiceDeps & { now?: () => number } {
  return { ...anonymous(deps), actor: `dashboard:${me.user.id}` };
}
