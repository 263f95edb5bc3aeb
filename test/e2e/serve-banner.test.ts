/** What `npm start` prints first: where each part of the hub is served. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { readEnv } from '../../lib/env.ts';
import { resolveConfig } from '../../lib/server/config.ts';
import { serve } from '../../lib/server/serve.ts';

it("the banner names the dashboard at the hub's own origin, beside the MCP endpoint", async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'mcphub-banner-'));
  const printed: string[] = [];
  const running = await serve(resolveConfig(readEnv({ MCPHUB_DATA_DIR: dataDir, PORT: '0', MCPHUB_LOG_LEVEL: 'error', MCPHUB_DASHBOARD: 'off' })), (text) => printed.push(text));
  try {
    const banner = printed.join('\n');
    expect(running.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(banner).toContain(`  Dashboard:     ${running.url}/\n`);
    expect(banner).toContain(`  MCP endpoint:  ${running.url}/mcp\n`);
  } finally {
    await running.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
