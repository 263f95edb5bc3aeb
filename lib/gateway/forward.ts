/**
 * HTTP forwarding to per-integration functions (`MCPHUB_FORWARD=http`). The
 * gateway validates the call, then POSTs it to `<forwardUrl>/fn/<slug>`, signed
 * with HMAC-SHA256 over timestamp + body. The function verifies the signature
 * (rejecting unsigned, forged, stale and replayed requests) before running the
 * call with the in-process executor. The credential travels still sealed: the
 * function opens it with the shared encryption key, so no plaintext token is
 * ever on this hop.
 */
import type { CallToolResult } from '@modelcontextprotocol/server';
import * as z from 'zod';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, signedHeaders, type SignatureVerifier, type VerifyResult } from '../crypto/signing.ts';
import { limitLogs } from '../log-limiter.ts';
import { errorFields, type Logger } from '../log.ts';
import { describeIssues } from '../mcp/errors.ts';
import { SLUG_PATTERN, toDisplayName } from '../mcp/names.ts';
import { errorResult } from '../mcp/output.ts';
import type { Registry } from '../mcp/registry.ts';
import { readBounded } from '../read-bounded.ts';
import { USAGE_OUTCOMES, isConnectionSettings, type ConnectionSettings } from '../store/port.ts';
import { callTimeout } from '../call-timeout.ts';
import type { Executor } from './executor.ts';

// The signed body is verified byte-for-byte before it is parsed, so these
// payloads use zod on the raw text rather than Elysia's body parser.
const ForwardRequestSchema = z.object({
  tool: z.string().min(1).max(64),
  args: z.unknown(),
  userId: z.string().min(1).max(64),
  sealedCredential: z.string().min(1).max(65_536),
  // Optional so a gateway one version behind still works; missing settings mean the safe defaults.
  settings: z.custom<ConnectionSettings>(isConnectionSettings, 'settings must be a flat object of scalars').default({}),
});
type ForwardRequest = z.infer<typeof ForwardRequestSchema>;

const ForwardResponseSchema = z.object({
  result: z.custom<CallToolResult>((value) => typeof value === 'object' && value !== null && Array.isArray((value as CallToolResult).content)),
  outcome: z.enum(USAGE_OUTCOMES),
  upstreamMs: z.number().min(0),
  // Optional so a function one version behind still works (its refusals then mark nothing).
  credentialRejected: z.string().max(1_000).optional(),
});

const MAX_BODY_BYTES = 1_048_576;
/**
 * Largest answer read from a function. Its text is already cut to a model's
 * measure (lib/mcp/output.ts); this leaves room for structured content and
 * stops a function (or a wrong MCPHUB_FORWARD_URL) that sends without end.
 */
export const MAX_ANSWER_BYTES = 8 * 1_048_576;

export interface HttpExecutorOptions {
  /** Base URL of the functions, e.g. `http://127.0.0.1:8787` (the hub itself) or a separate deployment. */
  forwardUrl: () => string;
  secret: string;
  timeoutMs: number;
  logger: Logger;
}

export function createHttpExecutor(options: HttpExecutorOptions): Executor {
  return {
    async execute({ entry, args, userId, sealedCredential, settings, signal }) {
      const slug = entry.integration.slug;
      const body = JSON.stringify({ tool: entry.tool.name, args, userId, sealedCredential, settings } satisfies ForwardRequest);
      const url = `${options.forwardUrl()}/fn/${slug}`;
      // The function enforces the tool timeout itself; this bound only covers a function that never answers (or never finishes its answer).
      const deadline = callTimeout(options.timeoutMs + 5_000);
      let response: Response;
      let read: Awaited<ReturnType<typeof readBounded>>;
      try {
        response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...signedHeaders(options.secret, body) },
          body,
          signal: AbortSignal.any([signal, deadline.signal]),
        });
        read = await readBounded(response.body, MAX_ANSWER_BYTES);
      } catch (error) {
        options.logger.error('integration function unreachable', { slug, url, reason: (error as Error).message });
        return { result: errorResult(`MCP Hub could not reach its ${entry.integration.name} function at ${url}. Try again; if it persists, the hub operator should check MCPHUB_FORWARD_URL.`), outcome: 'upstream_error', upstreamMs: 0 };
      } finally {
        deadline.clear();
      }
      if (!read.ok) {
        options.logger.warn('integration function answer too large', { slug, url, maxBytes: MAX_ANSWER_BYTES });
        return { result: errorResult(`The ${entry.integration.name} function answered with more than ${MAX_ANSWER_BYTES / 1_048_576} MiB, more than MCP Hub passes on. Narrow the request (fewer results, a smaller page or file); if it persists, the hub operator should check that MCPHUB_FORWARD_URL points at the hub's functions.`), outcome: 'upstream_error', upstreamMs: 0 };
      }
      const answer = parseJson(read.text);
      const parsed = ForwardResponseSchema.safeParse(answer);
      if (response.ok && parsed.success) return parsed.data;
      // A refusal here is an operator problem (most often secrets that differ between gateway and function): say which.
      const refusal = (answer as { message?: unknown } | null)?.message;
      const hint = response.status === 401 ? ' Check that MCPHUB_FORWARD_SECRET is the same for the gateway and the function.' : '';
      throw new Error(`integration function ${url} answered HTTP ${response.status}${typeof refusal === 'string' ? `: ${refusal}` : ' with an unexpected body'}.${hint}`);
    },
  };
}

export interface FunctionHandlerOptions {
  registry: Registry;
  executor: Executor;
  verifier: SignatureVerifier;
  logger: Logger;
}

/**
 * Serves `POST /fn/:slug`: check the slug's shape, read the body within its
 * bound, verify, parse, validate, execute. Everything before verification is
 * the choice of whoever sent the request, so refusals log only bounded fields
 * (a well-formed slug, or the length of a malformed one) and at most one line
 * per reason per window (lib/log-limiter.ts).
 */
export function createFunctionHandler({ registry, executor, verifier, logger }: FunctionHandlerOptions) {
  const refusals = limitLogs(logger);
  const refuse = (status: number, error: string, message: string, headers?: Record<string, string>) => Response.json({ error, message }, { status, ...(headers ? { headers } : {}) });
  const tooLarge = () => refuse(413, 'too_large', `Body over ${MAX_BODY_BYTES} bytes.`);
  return async (request: Request, slug: string): Promise<Response> => {
    if (!SLUG_PATTERN.test(slug)) {
      refusals.warn('malformed_slug', 'refused function call to a malformed path', { slugLength: slug.length });
      return refuse(404, 'unknown_integration', 'No integration here: /fn/<slug> takes a lowercase kebab-case slug of at most 31 characters.');
    }
    if (Number(request.headers.get('content-length') ?? 0) > MAX_BODY_BYTES) return tooLarge();
    const read = await readBounded(request.body, MAX_BODY_BYTES);
    if (!read.ok) return tooLarge();
    const body = read.text;
    let verdict: VerifyResult;
    try {
      verdict = await verifier.verify(request.headers.get(TIMESTAMP_HEADER), request.headers.get(SIGNATURE_HEADER), body);
    } catch (error) {
      refusals.error('replay_check_failed', 'refused a signed function call: its replay check could not reach the store', { slug, ...errorFields(error) });
      return refuse(503, 'replay_check_unavailable', `/fn/${slug} could not check this call against replays (the hub's store did not answer) and refused it. Try again shortly.`, { 'retry-after': '1' });
    }
    if (!verdict.ok) {
      refusals.warn(verdict.reason, 'refused unsigned or forged function call', { slug, reason: verdict.reason });
      return refuse(401, 'invalid_signature', `Request refused (${verdict.reason}): /fn/${slug} only accepts calls signed by the gateway with MCPHUB_FORWARD_SECRET, each once.`);
    }
    // Only a signed caller learns which integrations and tools exist here.
    if (!registry.integration(slug)) return refuse(404, 'unknown_integration', `No integration "${slug}" here.`);
    let payload: ForwardRequest;
    try {
      payload = ForwardRequestSchema.parse(JSON.parse(body));
    } catch {
      return refuse(400, 'bad_request', 'Body must be JSON {tool, args, userId, sealedCredential, settings}.');
    }
    const entry = registry.resolve(toDisplayName({ slug, tool: payload.tool }));
    if (!entry || entry.integration.slug !== slug) return refuse(404, 'unknown_tool', `No tool "${payload.tool}" in ${slug}.`);
    const args = entry.tool.input.safeParse(payload.args);
    if (!args.success) {
      return Response.json({ result: errorResult(`Invalid arguments for ${entry.wireName}: ${describeIssues(args.error.issues)}.`), outcome: 'invalid_arguments', upstreamMs: 0 });
    }
    const result = await executor.execute({ entry, args: args.data, userId: payload.userId, sealedCredential: payload.sealedCredential, settings: payload.settings, signal: request.signal });
    return Response.json(result);
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
