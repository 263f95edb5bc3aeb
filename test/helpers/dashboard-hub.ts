/**
 * A hub process serving the dashboard, as `npm start` runs it: started with
 * the dashboard on, and ready once the hub says so (after building it, if the
 * build is missing or stale: ~20 s once per source change, shared by every
 * test file through the build lock), with the setup link it printed.
 */
import { startHub, type HubProcess } from './hub-process.ts';
import { waitUntil } from './wait.ts';

/** A build on a busy 2-core machine, plus `next start`. */
const READY_TIMEOUT_MS = 200_000;

/** A hub with the dashboard up; with Clerk's keys it prints no setup link (Clerk's first sign-in makes the admin). */
export async function startDashboardProcess(env: Record<string, string> = {}): Promise<HubProcess> {
  const hub = await startHub({ MCPHUB_DASHBOARD: 'on', ...env });
  try {
    await waitUntil(() => /^Dashboard ready\.$|The dashboard could not start/m.test(hub.stdout()), READY_TIMEOUT_MS, 'the hub to say the dashboard is ready');
    if (!hub.stdout().includes('Dashboard ready.')) throw new Error(`the dashboard did not start:\n${hub.stdout()}\n${hub.stderr()}`);
    return hub;
  } catch (error) {
    await hub.stop();
    throw error;
  }
}

/** A hub with the dashboard up and local accounts, and the setup link it printed for the first one. */
export async function startDashboardHub(env: Record<string, string> = {}): Promise<{ hub: HubProcess; setupLink: string }> {
  const hub = await startDashboardProcess(env);
  const setupLink = /(http:\/\/\S+\/setup\?token=\S+)/.exec(hub.stdout())?.[1];
  if (!setupLink) {
    await hub.stop();
    throw new Error(`the hub printed no setup link:\n${hub.stdout()}`);
  }
  return { hub, setupLink };
}
