/**
 * What the account services run on in tests: a private `:memory:` embedded
 * store and the services on one clock the test moves, the CLI's hint wording,
 * and a sign-in throttle on the same clock.
 */
import { createHints } from '../../lib/server/hints.ts';
import type { AccountDeps } from '../../lib/services/sessions.ts';
import { createSignInThrottle, type SignInThrottle } from '../../lib/services/sign-in-throttle.ts';
import { openEmbeddedStore } from '../../lib/store/embedded/index.ts';

export interface AccountFixture {
  deps: AccountDeps & { throttle: SignInThrottle; clerk: boolean };
  /** Moves the shared clock by `ms`. */
  advance(ms: number): void;
  close(): Promise<void>;
}

export function createAccountFixture(options: { clerk?: boolean } = {}): AccountFixture {
  let now = Date.UTC(2026, 11, 1, 12);
  const clock = () => now;
  const store = openEmbeddedStore({ dataDir: ':memory:', now: clock });
  return {
    deps: { store, actor: 'test', hints: createHints({ cli: 'npx mcphub', remote: false }), now: clock, throttle: createSignInThrottle({ now: clock }), clerk: options.clerk ?? false },
    advance: (ms) => void (now += ms),
    close: () => store.close(),
  };
}

/** The token in a link the services made (`…/setup?token=…`). */
export const tokenOf = (url: string) => new URL(url).searchParams.get('token') ?? '';
