/**
 * Path safety through the whole hub: calls whose ID or path arguments would
 * step to another upstream path (`..`, `a/../b`, an encoded slash) come back
 * as an `isError` result naming the argument and the rule, and the
 * integration's upstream fake sees no request at all; valid names that look
 * unusual (`my.repo`, `.github`) still reach it. A real SDK client calls the
 * in-process hub, so the check is the router's, as on the wire.
 */
import type { Client } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnyIntegration } from '../../lib/mcp/define.ts';
import { toWireName } from '../../lib/mcp/names.ts';
import { textOf } from '../helpers/hub-process.ts';
import { startInProcessHub, type InProcessHub } from '../helpers/in-process-hub.ts';

export interface PathCall {
  tool: string;
  args: Record<string, unknown>;
}

export interface PathSafetyFixture {
  integration: AnyIntegration;
  credential: string;
  /** What the hub reads to reach the fake, e.g. `{ MCPHUB_GITHUB_API_URL: fake.url }`. */
  env: Record<string, string>;
  /** How many requests the fake has seen so far. */
  upstreamRequests: () => number;
  /** Calls that must be refused, each for the argument named in `field`. */
  refused: Array<PathCall & { field: string }>;
  /** Calls with valid but unusual names that must reach the upstream and succeed. */
  accepted: PathCall[];
}

/** Made lazily (in `beforeAll`), after the test file's own hooks have started its fake. */
export function runPathSafetyContract(name: string, makeFixture: () => PathSafetyFixture): void {
  describe(`${name}: path safety through the hub`, () => {
    let fixture: PathSafetyFixture;
    let hub: InProcessHub;
    let client: Client;

    beforeAll(async () => {
      fixture = makeFixture();
      hub = await startInProcessHub({ env: fixture.env, integrations: [fixture.integration], logLevel: 'warn' });
      const account = await hub.createAccount('paths@example.com');
      await hub.enable(account.userId, fixture.integration.slug, fixture.credential);
      client = await hub.connect(account.key);
    });
    afterAll(async () => {
      await client?.close();
      await hub?.close();
    });

    const callTool = (call: PathCall) => client.callTool({ name: toWireName(fixture.integration.slug, call.tool), arguments: call.args });

    it('refuses dot segments and traversal with the argument and its rule named, before any upstream request', async () => {
      const before = fixture.upstreamRequests();
      for (const call of fixture.refused) {
        const result = await callTool(call);
        const label = `${call.tool} ${JSON.stringify(call.args)}`;
        expect(result.isError, label).toBe(true);
        expect(textOf(result), label).toContain(`\`${call.field}\`: `);
      }
      expect(fixture.upstreamRequests()).toBe(before);
    });

    it('still sends valid IDs and names, the unusual ones the service allows included', async () => {
      for (const call of fixture.accepted) {
        const before = fixture.upstreamRequests();
        const result = await callTool(call);
        const label = `${call.tool} ${JSON.stringify(call.args)}`;
        expect(result.isError, `${label}: ${textOf(result)}`).toBeFalsy();
        expect(fixture.upstreamRequests(), label).toBeGreaterThan(before);
      }
    });
  });
}
