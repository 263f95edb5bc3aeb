/**
 * The dashboard's Next.js config, kept minimal. One type check: `tsc -p .`
 * (npm test) already checks app/ with the hub's code, and the TypeScript the
 * project uses (7, the native compiler) is not the one Next's build checker
 * expects, so the build does not check types a second time.
 */
import type { NextConfig } from 'next';

const config: NextConfig = {
  // Next rewrites the tsconfig it builds with to its liking: its own file, so the hub's stays as it is.
  typescript: { ignoreBuildErrors: true, tsconfigPath: 'tsconfig.next.json' },
  // The hub in front (lib/server/dashboard) already answers with its own bounds; Next need not say what it is.
  poweredByHeader: false,
  async headers() {
    return [
      {
        source: '/:path*',
        headers: [
          // No other site may frame these pages (a hidden "Delete my account" under a decoy click).
          { key: 'Content-Security-Policy', value: "frame-ancestors 'none'" },
          { key: 'X-Frame-Options', value: 'DENY' },
          // Setup, invite and reset links carry their token in the query: it must not leave in a Referer.
          { key: 'Referrer-Policy', value: 'no-referrer' },
          { key: 'X-Content-Type-Options', value: 'nosniff' },
        ],
      },
    ];
  },
};

export default config;
