/**
 * Conformance through the hub (issue 15): the reference server
 * (`@modelcontextprotocol/server-everything`, on 127.0.0.1) added by a user as
 * a remote MCP server with the CLI, a key bound to a pass-through toolset over
 * it, and the conformance suite's server scenarios run against the reference
 * server directly and against a real hub's /mcp through the header-adding
 * proxy, in the same test. Which scenarios pass directly is measured here,
 * not assumed; every one of them must pass through the hub too.
 *
 * One documented allowance: on 2025-11-25 `server-sse-multiple-streams`
 * needs an `Mcp-Session-Id`, and the hub serves that revision statelessly
 * (the spec's "MAY assign a session ID"), so the suite reports it as a
 * warning and tests nothing. There a hub run counts as passing only when
 * that warning is all it reports and the same scenario at 2026-07-28, where
 * no session is needed, passes its checks through the hub.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failuresOf, runScenario, startAuthProxy, type AuthProxy, type ScenarioRun } from '../helpers/conformance.ts';
import { startEverythingServer, type EverythingServer } from '../helpers/everything-server.ts';
import { createAccount, startHub, type HubProcess } from '../helpers/hub-process.ts';

/** The scenarios the reference server of this suite version is measured to pass directly (the rest expect tool names it lacks). */
const SCENARIOS = [
  'server-initialize',
  'ping',
  'logging-set-level',
  'tools-list',
  'tools-call-simple-text',
  'tools-call-error',
  'server-sse-multiple-streams',
  'resources-list',
  'resources-subscribe',
  'resources-unsubscribe',
  'prompts-list',
];
/** The suite's own per-scenario timeout; runScenario kills it past twice that. */
const SCENARIO_TIMEOUT_MS = 10_000;

let reference: EverythingServer;
let hub: HubProcess;
let proxy: AuthProxy;

/** The warnings a stateless server gets instead of checks (see the header), by scenario. */
const NEEDS_A_SESSION: Record<string, string> = { 'server-sse-multiple-streams': 'server-sse-multiple-streams-session' };
/** The revision with no sessions, where such a scenario is tested through the hub instead. */
const STATELESS_REVISION = '2026-07-28';

const passes = (run: ScenarioRun) => run.exitCode === 0 && failuresOf(run).length === 0 && run.checks.some((check) => check.status === 'SUCCESS');
const onlyNeedsASession = (run: ScenarioRun) => run.exitCode === 0 && run.checks.length > 0 && run.checks.every((check) => check.status === 'WARNING' && check.id === NEEDS_A_SESSION[run.scenario]);

/** The hub's run, or for a scenario that only said it needs a session, its run at the stateless revision. */
async function hubVerdict(run: ScenarioRun): Promise<ScenarioRun> {
  if (passes(run) || !onlyNeedsASession(run)) return run;
  return runScenario(`${proxy.url}/mcp`, run.scenario, SCENARIO_TIMEOUT_MS, { specVersion: STATELESS_REVISION });
}

beforeAll(async () => {
  reference = await startEverythingServer();
  hub = await startHub();
  const account = await createAccount(hub, 'reference@example.com');
  const added = await hub.cli(['remote', 'add', 'everything', '--user', account.email, '--url', reference.url]);
  if (added.code !== 0) throw new Error(`remote add failed: ${added.stderr}`);
  const created = await hub.cli(['toolsets', 'create', '--user', account.email, '--name', 'Reference', '--integration', 'everything', '--pass-through', '--json']);
  if (created.code !== 0) throw new Error(`toolsets create failed: ${created.stderr}`);
  const toolsetId = (JSON.parse(created.stdout) as { id: string }).id;
  const bound = await hub.cli(['toolsets', 'bind-key', account.keyId, '--user', account.email, '--toolset', toolsetId]);
  if (bound.code !== 0) throw new Error(`bind-key failed: ${bound.stderr}`);
  proxy = startAuthProxy(hub.url, account.key);
}, 60_000);
afterAll(async () => {
  await proxy?.close();
  await hub?.stop();
  await reference?.close();
});

describe('the conformance suite through the hub, the reference server behind a pass-through toolset', () => {
  it('every scenario that passes against the reference server directly passes against the hub’s /mcp', async () => {
    const runs: Array<{ direct: ScenarioRun; hub: ScenarioRun }> = [];
    // Two scenarios at a time: a scenario is mostly waiting, and the whole set stays well under a minute on two cores.
    for (let at = 0; at < SCENARIOS.length; at += 2) {
      const batch = SCENARIOS.slice(at, at + 2);
      runs.push(
        ...(await Promise.all(
          batch.map(async (scenario) => {
            const [direct, through] = await Promise.all([runScenario(reference.url, scenario, SCENARIO_TIMEOUT_MS), runScenario(`${proxy.url}/mcp`, scenario, SCENARIO_TIMEOUT_MS)]);
            return { direct, hub: await hubVerdict(through) };
          }),
        )),
      );
    }
    const passingDirectly = runs.filter((run) => passes(run.direct));
    // The measured set is the suite's to decide, but the core scenarios must be in it: a run where they fail directly proves little.
    expect(passingDirectly.map((run) => run.direct.scenario), runs.map((run) => run.direct.output).join('\n')).toEqual(expect.arrayContaining(['server-initialize', 'ping', 'tools-list', 'prompts-list', 'resources-list']));
    const failingThroughHub = passingDirectly.filter((run) => !passes(run.hub)).map((run) => ({ scenario: run.hub.scenario, exitCode: run.hub.exitCode, failures: failuresOf(run.hub), output: run.hub.output.slice(-2000) }));
    expect(failingThroughHub, `passing directly: ${passingDirectly.map((run) => run.direct.scenario).join(', ')}`).toEqual([]);
  }, 120_000);
});
