/**
 * `npm start` serves hub and dashboard on one origin (lib/server/dashboard),
 * as processes: the hub in front answers its own paths and passes every
 * other one, through the same edge, to the Next server it started; that
 * server ends with the hub however the hub ends; and a dashboard that cannot
 * start leaves /mcp working and says what failed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDashboardHub } from '../helpers/dashboard-hub.ts';
import { startHub, type HubProcess } from '../helpers/hub-process.ts';
import { waitUntil } from '../helpers/wait.ts';

describe('one origin', () => {
  let hub: HubProcess;
  beforeAll(async () => {
    ({ hub } = await startDashboardHub());
  }, 240_000);
  afterAll(() => hub?.stop());

  it('pages, their assets and redirects come from Next through the hub; /mcp, /api and /healthz stay the hub', async () => {
    const page = await fetch(`${hub.url}/sign-in`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Sign in');
    // No framing by another site, and a link's token never leaves in a Referer.
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    expect(page.headers.get('content-security-policy')).toBe("frame-ancestors 'none'");
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    const asset = /\/_next\/static\/[^"]+\.js/.exec(html)?.[0];
    expect((await fetch(hub.url + asset!)).status).toBe(200);
    // Next's redirect leads to the hub's origin, never to its own loopback port.
    const home = await fetch(`${hub.url}/`, { redirect: 'manual' });
    expect(home.status).toBe(307);
    expect(new URL(home.headers.get('location')!, hub.url).href).toBe(`${hub.url}/integrations`);
    expect(await (await fetch(`${hub.url}/healthz`)).json()).toMatchObject({ status: 'ok' });
    const unknownApi = await fetch(`${hub.url}/api/v1/no-such-thing`);
    expect(unknownApi.headers.get('content-type')).toMatch(/application\/json/);
    expect(unknownApi.status).toBe(404);
    expect((await fetch(`${hub.url}/mcp`, { method: 'POST', body: '{}' })).status).toBe(401);
  });

  it('dashboard requests pass the edge: a foreign Host or a body over the limit is refused before Next sees it', async () => {
    const rebinding = await fetch(`${hub.url}/sign-in`, { headers: { host: 'attacker.example' } });
    expect(rebinding.status).toBe(403);
    const big = await fetch(`${hub.url}/sign-in`, { method: 'POST', body: 'x'.repeat(5 * 1024 * 1024) });
    expect(big.status).toBe(413);
  });

  it('the Next server ends with the hub, even when the hub is killed outright', async () => {
    const next = /"msg":"dashboard ready","next":"(http:[^"]+)"/.exec(hub.stderr())?.[1];
    expect(next).toBeDefined();
    expect((await fetch(`${next}/sign-in`)).status).toBe(200);
    process.kill(hub.pid, 'SIGKILL');
    await waitUntil(() => fetch(`${next}/sign-in`).then(() => false, () => true), 10_000, 'the Next server to stop after its hub died');
  });
});

it('a dashboard that cannot start leaves /mcp and /healthz working, and its pages say it failed', async () => {
  // No Node on PATH: the dashboard's build and server both need it (the hub itself runs on Bun, by absolute path).
  const hub = await startHub({ MCPHUB_DASHBOARD: 'on', PATH: '/nonexistent' });
  try {
    await waitUntil(() => hub.stdout().includes('The dashboard could not start'), 30_000, 'the hub to say the dashboard failed');
    // The terminal says why, in one line.
    expect(hub.stdout()).toMatch(/The dashboard could not start \(.*Node\.js \(node\) is not on PATH.*\); \/mcp works\./);
    const page = await fetch(`${hub.url}/integrations`);
    expect(page.status).toBe(503);
    expect(await page.text()).toContain('The MCP endpoint, /mcp, works meanwhile.');
    expect((await fetch(`${hub.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${hub.mcpUrl}`, { method: 'POST', body: '{}' })).status).toBe(401);
  } finally {
    await hub.stop();
  }
});
