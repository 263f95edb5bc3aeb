/**
 * What the use cases in lib/services run on in tests: a private `:memory:`
 * embedded store, a sealer with a fresh key, the real integration registry,
 * the CLI's hint wording, and upstream overrides pointing at fakes.
 */
import { randomBytes } from 'node:crypto';
import { integrations } from '../../integrations/index.ts';
import { defaultPlanTable } from '../../lib/billing/plans.ts';
import { createSealer } from '../../lib/crypto/seal.ts';
import { createRegistry } from '../../lib/mcp/registry.ts';
import { createHints } from '../../lib/server/hints.ts';
import type { ServiceDeps } from '../../lib/services/deps.ts';
import { openEmbeddedStore } from '../../lib/store/embedded/index.ts';

export function createServiceDeps(apiUrls: Record<string, string> = {}): ServiceDeps {
  return {
    store: openEmbeddedStore({ dataDir: ':memory:' }),
    sealer: createSealer(randomBytes(32)),
    registry: createRegistry(integrations),
    hints: createHints({ cli: 'npx mcphub', remote: false }),
    actor: 'test',
    upstream: { apiUrls, maxBytes: 5 * 1024 * 1024, timeoutMs: 10_000 },
    oauth: { apps: {}, missing: {}, publicUrl: () => 'http://127.0.0.1:8787' },
    plans: defaultPlanTable(),
  };
}
