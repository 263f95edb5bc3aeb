/**
 * The contract every integration must pass (issue 4), in two halves:
 *
 * - `checkIntegrationShape`: static — catalog metadata, valid and unique wire
 *   names, inputs that convert to JSON Schema with every field described,
 *   annotations that are present and truthful (a tool named like a read is
 *   read-only; a tool named like a write is not), and ID or path arguments
 *   that refuse `.`, `..` and traversal.
 * - `runIntegrationContract`: against the integration's upstream-shaped fake —
 *   every error class its `errors.ts` maps is exercised and comes back as that
 *   class, a dead upstream and a slow one are handled, and the credential
 *   never appears in a result or a log line.
 *
 * Each integration's test file calls `runIntegrationContract` with a fixture
 * naming, for each error class, a call that makes its fake answer that way.
 */
import { describe, expect, it } from 'vitest';
import type * as z from 'zod';
import type { AnyIntegration } from '../../lib/mcp/define.ts';
import { ToolError, type ToolErrorCode } from '../../lib/mcp/errors.ts';
import { TOOL_NAME_PATTERN, WIRE_NAME_PATTERN } from '../../lib/mcp/names.ts';
import { createRegistry } from '../../lib/mcp/registry.ts';
import { captureLogger } from '../helpers/logs.ts';
import { createToolRunner, directClientOptions, type ToolRun } from '../helpers/run-tool.ts';

/** Verbs whose tools only read; the first word of a tool name. */
const READ_VERBS = new Set(['get', 'list', 'search', 'read', 'describe', 'explain', 'query', 'find', 'fetch']);
/** Verbs whose tools change something upstream. */
const WRITE_VERBS = new Set(['create', 'update', 'add', 'post', 'reply', 'append', 'delete', 'remove', 'archive', 'set', 'send', 'comment', 'write']);

/**
 * Argument names that say "this value names an upstream object by its ID or
 * path" — what an SDK puts into a request path (GitHub owner/repo/path, Notion
 * *_id) or could (Slack, Linear IDs). Each must refuse values that would step
 * to another path; free text (titles, queries, SQL, table names bound as
 * parameters) is named otherwise and not checked here.
 */
const PATH_ARGUMENT = /^(?:owner|repo|path|ref|base|channel|user|team|issue|ts|thread_ts|timestamp|[a-z]+(?:_[a-z]+)*_id)$/;
/** Dot segments, traversal, and the same hidden behind percent-encoding. */
const PATH_ATTACKS = ['.', '..', 'a/../b', '../../user', '%2e%2e', '..%2F..%2Fuser', 'a%2F..'] as const;

/** Error classes every upstream can produce, so every integration must map and prove them. */
export const REQUIRED_ERROR_CODES = ['UPSTREAM_AUTH_REJECTED', 'UPSTREAM_FORBIDDEN', 'UPSTREAM_NOT_FOUND', 'UPSTREAM_BAD_REQUEST', 'UPSTREAM_RATE_LIMITED', 'UPSTREAM_UNAVAILABLE'] as const;
type RequiredErrorCode = (typeof REQUIRED_ERROR_CODES)[number];

export interface ContractCall {
  tool: string;
  args: Record<string, unknown>;
  /** Defaults to the fixture's credential (an auth-rejected case gives a bad one). */
  credential?: string;
}

export interface IntegrationFixture {
  integration: AnyIntegration;
  /** A credential the fake accepts. */
  credential: string;
  /** The fake's base URL (what `MCPHUB_<SLUG>_API_URL` would hold); none when the credential says where (PostgreSQL). */
  apiUrl?: string;
  /** A call whose upstream cannot be reached; by default the first call with the base URL pointed at a closed port. */
  unreachable?: ContractCall;
  /** Calls that succeed; their results are checked for leaked credentials. */
  calls: ContractCall[];
  /** For each error class, a call the fake answers with that failure. */
  errors: Record<RequiredErrorCode, ContractCall> & Partial<Record<ToolErrorCode, ContractCall>>;
  /** A call the fake answers after more than `timeoutMs`. */
  slow: ContractCall & { timeoutMs: number };
}

/** Static checks over every integration the hub serves. */
export function checkIntegrationShape(integrations: readonly AnyIntegration[]): void {
  const registry = createRegistry(integrations);

  describe.each(integrations.map((integration) => [integration.slug, integration] as const))('%s: shape', (_slug, integration) => {
    it('has catalog metadata', () => {
      expect(integration.slug).toMatch(/^[a-z][a-z0-9-]*$/);
      for (const field of [integration.name, integration.description, integration.category, integration.auth.label, integration.auth.help]) expect(field.trim()).not.toBe('');
      expect(integration.auth.kind).toBe('token');
      expect(integration.auth.scopes.length).toBeGreaterThan(0);
    });

    it('has valid tool names, each input converted to JSON Schema with every field described', () => {
      for (const listing of registry.listings(integration.slug)) {
        expect(listing.name).toMatch(WIRE_NAME_PATTERN);
        const toolName = listing.name.slice(integration.slug.length + 2);
        expect(toolName, listing.name).toMatch(TOOL_NAME_PATTERN);
        expect(toolName).not.toContain('__');
        expect(listing.description?.length, listing.name).toBeGreaterThan(20);
        expect(listing.inputSchema.type).toBe('object');
        for (const [field, schema] of Object.entries(listing.inputSchema.properties ?? {})) {
          expect((schema as { description?: string }).description, `${listing.name}.${field} has no description`).toBeTruthy();
        }
      }
    });

    it('states every annotation, truthfully', () => {
      for (const tool of integration.tools) {
        const { annotations } = tool;
        expect(annotations.title.trim(), tool.name).not.toBe('');
        for (const hint of ['readOnlyHint', 'destructiveHint', 'idempotentHint', 'openWorldHint'] as const) expect(typeof annotations[hint], `${tool.name}.${hint}`).toBe('boolean');
        const verb = tool.name.split('_')[0]!;
        if (READ_VERBS.has(verb)) {
          expect(annotations.readOnlyHint, `${tool.name} reads, so readOnlyHint`).toBe(true);
          expect(annotations.destructiveHint, `${tool.name} reads, so not destructive`).toBe(false);
        }
        if (WRITE_VERBS.has(verb)) expect(annotations.readOnlyHint, `${tool.name} writes, so not readOnlyHint`).toBe(false);
        if (annotations.readOnlyHint) expect(annotations.destructiveHint, `${tool.name} is read-only, so not destructive`).toBe(false);
      }
    });
  });

  describe.each(integrations.map((integration) => [integration.slug, integration] as const))('%s: path arguments', (_slug, integration) => {
    it('refuses `.`, `..` and traversal, plain or percent-encoded, in every ID or path argument', () => {
      for (const tool of integration.tools) {
        const input: z.ZodObject = tool.input;
        for (const field of Object.keys(input.shape).filter((name) => PATH_ARGUMENT.test(name))) {
          for (const attack of PATH_ATTACKS) {
            const parsed = input.safeParse({ [field]: attack });
            const refused = !parsed.success && parsed.error.issues.some((issue) => issue.path[0] === field);
            expect(refused, `${tool.name}.${field} accepts ${JSON.stringify(attack)}`).toBe(true);
          }
        }
      }
    });
  });

  it('has wire names unique across all integrations', () => {
    const names = integrations.flatMap((integration) => registry.listings(integration.slug).map((listing) => listing.name));
    expect(new Set(names).size).toBe(names.length);
  });
}

/** Runs one integration against its fake: error classes, dead and slow upstreams, and no leaked credential. */
export function runIntegrationContract(name: string, makeFixture: () => IntegrationFixture): void {
  describe(`${name}: integration contract`, () => {
    const { logger, lines } = captureLogger();

    function execute(fixture: IntegrationFixture, call: ContractCall, options: { apiUrl?: string; timeoutMs?: number } = {}): Promise<ToolRun> {
      const run = createToolRunner(fixture.integration, { apiUrl: () => options.apiUrl ?? fixture.apiUrl, credential: fixture.credential, logger });
      return run(call.tool, call.args, { token: call.credential, timeoutMs: options.timeoutMs });
    }

    /** Runs the tool's handler directly, so the ToolError code its `mapError` produces can be read. */
    async function errorCodeOf(fixture: IntegrationFixture, call: ContractCall): Promise<ToolErrorCode | 'ok' | 'unmapped'> {
      const { integration } = fixture;
      const tool = integration.tools.find((t) => t.name === call.tool);
      if (!tool) throw new Error(`${integration.slug} has no tool ${call.tool}`);
      const signal = AbortSignal.timeout(5_000);
      try {
        const client = integration.createClient(call.credential ?? fixture.credential, directClientOptions(integration, { baseUrl: fixture.apiUrl, signal }));
        await tool.handler(tool.input.parse(call.args), { client, signal });
        return 'ok';
      } catch (error) {
        if (error instanceof ToolError) return error.code;
        return integration.mapError(error)?.code ?? 'unmapped';
      }
    }

    it('maps every required error class from its upstream', async () => {
      const fixture = makeFixture();
      for (const [code, call] of Object.entries(fixture.errors)) {
        expect(await errorCodeOf(fixture, call), `${call.tool} for ${code}`).toBe(code);
        const run = await execute(fixture, call);
        expect(run.result.isError, `${call.tool} for ${code}`).toBe(true);
        expect(run.outcome).toBe(code === 'UPSTREAM_TIMEOUT' ? 'timeout' : 'upstream_error');
      }
    });

    it('reports an unreachable upstream as unavailable, and a slow one as a timeout', async () => {
      const fixture = makeFixture();
      const dead = fixture.unreachable ? await execute(fixture, fixture.unreachable) : await execute(fixture, fixture.calls[0]!, { apiUrl: 'http://127.0.0.1:9' });
      expect(dead.result.isError).toBe(true);
      expect(dead.outcome).toBe('upstream_error');
      const slow = await execute(fixture, fixture.slow, { timeoutMs: fixture.slow.timeoutMs });
      expect(slow.outcome).toBe('timeout');
      expect(JSON.stringify(slow.result)).toMatch(/did not answer within|timed out/i);
    });

    it('never puts the credential in a result or a log line', async () => {
      const fixture = makeFixture();
      const calls = [...fixture.calls, ...Object.values(fixture.errors)];
      for (const call of calls) {
        const run = await execute(fixture, call);
        const credential = call.credential ?? fixture.credential;
        expect(JSON.stringify(run.result), call.tool).not.toContain(credential);
        expect(run.outcome === 'ok' || run.result.isError, call.tool).toBe(true);
      }
      expect(lines.join('\n')).not.toContain(fixture.credential);
      for (const call of calls) if (call.credential) expect(lines.join('\n')).not.toContain(call.credential);
    });
  });
}
