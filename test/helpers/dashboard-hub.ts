/**
 * A hub process serving the dashboard, as `npm start` runs it: started with
 * the dashboard on, and ready once the hub says so (after building it, if the
 * build is missing or stale: ~20 s once per source change, shared by every
 * test file through the build lock). Also the setup link the hub printed.
 */
import { openEmbeddedStore } from '../../lib/store/embedded/index.ts';
import { ensureSetupLink } from '../../lib/services/accounts.ts';
import { remoteHints } from '../../lib/server/hints.ts';
import { startHub, type HubProcess } from './hub-process.ts';
import { waitUntil } from './wait.ts';

/** A build on a busy 2-core machine, plus `next start`. */
const READY_TIMEOUT_MS = 200_000;

export async function startDashboardHub(env: Record<string, string> = {}): Promise<{ hub: HubProcess; setupLink: string }> {
  const hub = await startHub({ MCPHUB_DASHBOARD: 'on', ...env });
  try {
    await waitUntil(() => /^Dashboard ready\.$|The dashboard could not start/m.test(hub.stdout()), READY_TIMEOUT_MS, 'the hub to say the dashboard is ready');
    if (!hub.stdout().includes('Dashboard ready.')) throw new Error(`the dashboard did not start:\n${hub.stdout()}\n${hub.stderr()}`);
    return { hub, setupLink: printedSetupLink(hub) ?? (await makeSetupLink(hub)) };
  } catch (error) {
    await hub.stop();
    throw error;
  }
}

function printedSetupLink(hub: HubProcess): string | null {
  return /(http:\/\/\S+\/setup\?token=\S+)/.exec(hub.stdout())?.[1] ?? null;
}

/** The link the banner will print (ACCOUNTS), made through the same service on the hub's own data dir until it does. */
async function makeSetupLink(hub: HubProcess): Promise<string> {
  const store = openEmbeddedStore({ dataDir: hub.dataDir });
  try {
    const link = await ensureSetupLink({ store, actor: 'test', hints: remoteHints(), clerk: false }, hub.url);
    if (!link) throw new Error('the hub already has an admin: no setup link');
    return link.url;
  } finally {
    await store.close();
  }
}
