/**
 * `tools/call` POSTs answered without a per-request SDK server.
 *
 * For every request the SDK classifies the body (several zod parses), builds
 * a `Server` from the factory, connects it to a one-exchange transport,
 * validates the request again against the spec schema, dispatches, encodes
 * and tears it all down: about a third of the hub's CPU per `tools/call`
 * (bench/peer-profile.ts), for a request whose answer is fully determined by
 * the hub's own call handler. So the gateway recognises the shape a
 * conformant client sends for a tool call and answers it here, the way the
 * SDK would. One JSON-RPC request, method `tools/call`, params `name` and an
 * optional object `arguments`, a string or integer id, and either
 *
 * - 2026-07-28: a `_meta` holding exactly the three required envelope keys
 *   (that revision, a valid `clientInfo` and `clientCapabilities`, checked
 *   with the spec's schemas), with `MCP-Protocol-Version`, `Mcp-Method` and
 *   `Mcp-Name` agreeing with the body (SEP-2243). Answered as the SDK's
 *   2026 codec encodes: SEP-2106 text fallback, `resultType: "complete"`,
 *   the server's identity in `_meta`;
 * - 2025-11-25 or 2025-06-18 (stateless, after `initialize`): no `_meta`,
 *   that revision in `MCP-Protocol-Version`, no session id, an Accept naming
 *   both JSON and event streams. Answered as the SDK's 2025 codec encodes,
 *   in JSON as legacy-json.ts answers every other 2025-era POST.
 *
 * Status 200 and `application/json`; a `ProtocolError` is a JSON-RPC error
 * (status 429 with Retry-After when it is the plan's rate limit, mcp-server.ts);
 * a client that hangs up gets 499 and its call's signal is aborted.
 *
 * Anything else — another method or revision, a progress token or any other
 * `_meta` key, a header that disagrees, an invalid envelope, a session — is
 * not recognised and goes to the SDK, which serves or refuses it as before.
 * test/gateway/direct-call.test.ts checks both paths give the same answers.
 */
import {
  CLIENT_CAPABILITIES_META_KEY,
  CLIENT_INFO_META_KEY,
  isInputRequiredResult,
  isJsonContentType,
  PROTOCOL_VERSION_META_KEY,
  ProtocolError,
  SERVER_INFO_META_KEY,
  specTypeSchemas,
  type CallToolResult,
  type InputRequiredResult,
} from '@modelcontextprotocol/server';
import { offersUrlElicitation } from './connect-elicitation.ts';
import { callTool, rateLimitOf, SERVER_INFO } from './mcp-server.ts';
import type { CallHandler } from './pipeline.ts';
import type { Principal } from './principals.ts';
import type { Logger } from '../log.ts';
import { clientOf } from '../usage/client.ts';

/** The revisions answered here; the SDK serves every other one. */
const MODERN_REVISION = '2026-07-28';
/** The 2025-era revisions without batching, whose clients send `MCP-Protocol-Version` on every request. */
const LEGACY_REVISIONS = new Set(['2025-11-25', '2025-06-18']);

/** A recognised call: what the handler needs and the id to answer with. */
export interface DirectCall {
  era: 'modern' | 'legacy';
  id: string | number;
  name: string;
  arguments: Record<string, unknown> | undefined;
  /** For the call log: the envelope's clientInfo (modern) or the User-Agent (legacy). */
  client: string | undefined;
  /** The envelope declares URL-mode elicitation (modern only): a call that needs connecting is answered with the ask. */
  urlElicitation: boolean;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const hasOnly = (value: Record<string, unknown>, allowed: ReadonlySet<string>) => Object.keys(value).every((key) => allowed.has(key));
const valid = (type: 'Implementation' | 'ClientCapabilities', value: unknown) => !specTypeSchemas[type]['~standard'].validate(value).issues;

const MESSAGE_KEYS = new Set(['jsonrpc', 'id', 'method', 'params']);
const PARAMS_KEYS = new Set(['name', 'arguments', '_meta']);
const ENVELOPE_KEYS = new Set([PROTOCOL_VERSION_META_KEY, CLIENT_INFO_META_KEY, CLIENT_CAPABILITIES_META_KEY]);

/** The SDK's content type for a JSON answer (Bun's `Response.json` would add a charset). */
const JSON_HEADERS = { headers: { 'content-type': 'application/json' } };

/** A header's value without the optional whitespace HTTP allows around it (RFC 9110 §5.5). */
const header = (request: Request, name: string) => request.headers.get(name)?.replace(/^[\t ]+|[\t ]+$/g, '');

/** The call in a POSTed, parsed body if it is a canonical `tools/call` of either era (module doc), else null. */
export function recognizeToolCall(request: Request, body: unknown): DirectCall | null {
  if (request.method !== 'POST' || !isJsonContentType(request.headers.get('content-type'))) return null;
  if (!isObject(body) || body.jsonrpc !== '2.0' || body.method !== 'tools/call' || !hasOnly(body, MESSAGE_KEYS)) return null;
  const { id, params } = body;
  if (!(typeof id === 'string' || Number.isSafeInteger(id))) return null;
  if (!isObject(params) || !hasOnly(params, PARAMS_KEYS) || typeof params.name !== 'string') return null;
  if (params.arguments !== undefined && !isObject(params.arguments)) return null;
  const era = params._meta === undefined ? legacyCall(request) : modernCall(request, params._meta, params.name);
  if (!era) return null;
  const envelope = era === 'modern' ? (params._meta as Record<string, unknown>) : undefined;
  return { era, id: id as string | number, name: params.name, arguments: params.arguments, client: clientOf(envelope?.[CLIENT_INFO_META_KEY], request.headers), urlElicitation: offersUrlElicitation(envelope, undefined) };
}

/** 'modern' when the envelope and the SEP-2243 headers are what a 2026-07-28 client sends. */
function modernCall(request: Request, meta: unknown, name: string): 'modern' | null {
  if (!isObject(meta) || !hasOnly(meta, ENVELOPE_KEYS) || meta[PROTOCOL_VERSION_META_KEY] !== MODERN_REVISION) return null;
  if (!valid('Implementation', meta[CLIENT_INFO_META_KEY]) || !valid('ClientCapabilities', meta[CLIENT_CAPABILITIES_META_KEY])) return null;
  const headersAgree = header(request, 'mcp-protocol-version') === MODERN_REVISION && header(request, 'mcp-method') === 'tools/call' && header(request, 'mcp-name') === name;
  return headersAgree ? 'modern' : null;
}

/**
 * 'legacy' for what a stateless 2025-era client sends after `initialize`: a
 * revision header the hub serves, no session, and an Accept the SDK's
 * transport takes (it answers 406 otherwise).
 */
function legacyCall(request: Request): 'legacy' | null {
  const accept = request.headers.get('accept') ?? '';
  if (!accept.includes('application/json') || !accept.includes('text/event-stream') || request.headers.has('mcp-session-id')) return null;
  return LEGACY_REVISIONS.has(header(request, 'mcp-protocol-version') ?? '') ? 'legacy' : null;
}

/**
 * SEP-2106 §4.3, as the SDK's codecs apply it: a non-object `structuredContent`
 * without a text block gains one holding its JSON.
 */
function withTextFallback(result: CallToolResult): CallToolResult {
  const structured: unknown = result.structuredContent;
  if (structured === undefined || isObject(structured) || result.content.some((block) => block.type === 'text')) return result;
  return { ...result, content: [...result.content, { type: 'text', text: JSON.stringify(structured) }] };
}

/**
 * A result as the SDK's 2026 codec sends it: stamped complete, with the
 * server's identity beside the result's own `_meta` keys. An input-required
 * answer (the connect ask, only ever made when the envelope declared URL
 * elicitation) carries its own `resultType` and needs no text fallback.
 */
function encodeModern(result: CallToolResult | InputRequiredResult): Record<string, unknown> {
  if (isInputRequiredResult(result)) return { ...result, _meta: { [SERVER_INFO_META_KEY]: SERVER_INFO, ...result._meta } };
  return { ...withTextFallback(result), resultType: 'complete', _meta: { [SERVER_INFO_META_KEY]: SERVER_INFO, ...result._meta } };
}

/** A result as the SDK's 2025 codec sends it: a non-object `structuredContent` wrapped as `{ result }`, which 2025-era schemas require. */
function encodeLegacy(result: CallToolResult): Record<string, unknown> {
  const projected = withTextFallback(result);
  const structured: unknown = projected.structuredContent;
  return structured === undefined || isObject(structured) ? projected : { ...projected, structuredContent: { result: structured } };
}

/** Runs a recognised call for `principal` and answers it as the SDK would on the call's era (module doc). */
export async function serveDirectCall(call: DirectCall, principal: Principal, handler: CallHandler, request: Request, logger: Logger): Promise<Response> {
  const { signal } = request;
  if (signal.aborted) return new Response(null, { status: 499 });
  let hangUp = () => {};
  const hungUp = new Promise<null>((resolve) => {
    hangUp = () => resolve(null);
    signal.addEventListener('abort', hangUp, { once: true });
  });
  try {
    const answer = await Promise.race([callTool(handler, logger, { principal, name: call.name, arguments: call.arguments, signal, urlElicitation: call.urlElicitation, ...(call.client !== undefined && { client: call.client }) }), hungUp]);
    if (answer === null) return new Response(null, { status: 499 });
    // A 2025-era call is never offered URL elicitation (its urlElicitation is false), so its answer is a result.
    const result = call.era === 'modern' ? encodeModern(answer) : encodeLegacy(answer as CallToolResult);
    return Response.json({ jsonrpc: '2.0', id: call.id, result }, JSON_HEADERS);
  } catch (error) {
    // callTool throws only ProtocolErrors: the JSON-RPC error the SDK would send for them.
    const { code, message, data } = error as ProtocolError;
    const body = { jsonrpc: '2.0', id: call.id, error: { code, message, ...(data !== undefined && { data }) } };
    // A plan's rate limit on a plain POST is also an HTTP 429 (RFC 6585) with Retry-After in seconds (RFC 9110 §10.2.3), which HTTP clients and proxies understand.
    const limited = rateLimitOf(error);
    if (limited) return Response.json(body, { status: 429, headers: { 'content-type': 'application/json', 'retry-after': String(limited.retryAfterSeconds) } });
    return Response.json(body, JSON_HEADERS);
  } finally {
    signal.removeEventListener('abort', hangUp);
  }
}
