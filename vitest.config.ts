import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // End-to-end files start real hub processes; two at a time fits a 2-core machine.
    maxWorkers: 2,
    // Transformed by Vite rather than loaded by Node, so a test's vi.mock('stripe') reaches the component's own
    // `import Stripe from "stripe"` (it has no host option: test/billing/convex-stripe.test.ts points it at the fake).
    server: { deps: { inline: ['@convex-dev/stripe'] } },
  },
});
