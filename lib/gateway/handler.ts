/**
 * The gateway core: `(Request) => Promise<Response>`, framework-free (STYLE.md 1).
 * It authenticates the caller with the given authenticator, then hands the
 * request to that credential's MCP handler from the official SDK. One SDK
 * handler per key keeps `subscriptions/listen` streams per tenant: toggling a
 * user's integration notifies only that user's sessions, and revoking a key
 * closes that key's open streams.
 *
 * Its seams are parameters: how callers authenticate (`authenticate`), what
 * wraps every `tools/call` (`middleware`, outermost first) and what ends it
 * (`router`). `lib/server/hub.ts` passes the hub's choices.
 */
import { createMcpHandler, type McpHttpHandler } from '@modelcontextprotocol/server';
import { errorFields, type Logger } from '../log.ts';
import type { StoreChange } from '../store/port.ts';
import { storeUnavailableResponse, type Authenticator } from './auth.ts';
import { recognizeToolCall, serveDirectCall } from './direct-call.ts';
import { batchRefusal } from './jsonrpc.ts';
import { isLegacyPost, serveLegacyJson } from './legacy-json.ts';
import { createServerFactory } from './mcp-server.ts';
import { readMessageBody } from './message-body.ts';
import { composeMiddleware, type CallHandler, type CallMiddleware } from './pipeline.ts';
import type { PrincipalCache } from './principals.ts';
import type { RemoteExtras } from '../remote/extras.ts';

export interface GatewayOptions {
  /** The principals `authenticate` reads; the gateway follows their changes to notify or close open sessions. */
  principals: PrincipalCache;
  authenticate: Authenticator;
  /** Wraps every `tools/call`, first element outermost (pipeline.ts `composeMiddleware`). */
  middleware: readonly CallMiddleware[];
  /** Ends every `tools/call` (router.ts). */
  router: CallHandler;
  logger: Logger;
  /** Per-key SDK handlers kept at once (default MAX_KEY_HANDLERS). */
  maxKeyHandlers?: number;
  /** Remote MCP servers' prompts and resources (lib/remote/extras.ts). */
  extras?: RemoteExtras;
}

export interface Gateway {
  fetch(request: Request): Promise<Response>;
  close(): Promise<void>;
}

/**
 * SDK handlers kept at once by default, least recently used dropped first
 * (closing its open streams; a client re-opens them). As many as the principal
 * cache holds, so every cached key keeps its handler and a caller cycling
 * through valid keys cannot grow the map without end.
 */
const MAX_KEY_HANDLERS = 10_000;

interface KeyHandler {
  userId: string;
  keyHash: string;
  mcp: McpHttpHandler;
}

export function createGateway(options: GatewayOptions): Gateway {
  const { principals, logger } = options;
  const callHandler = composeMiddleware(options.middleware, options.router);
  const factory = createServerFactory(callHandler, logger, options.extras);
  const handlers = new Map<string, KeyHandler>();
  const maxKeyHandlers = options.maxKeyHandlers ?? MAX_KEY_HANDLERS;

  const onError = (error: Error) => logger.debug('mcp request rejected', { message: error.message });

  /** A user's connection or toolset change re-lists their tools; a key change closes the streams of keys no longer valid. A `reset` may hide either, for anyone. */
  async function onChange(change: StoreChange): Promise<void> {
    const reset = change.kind === 'reset';
    await Promise.all(
      [...handlers].map(async ([keyId, handler]) => {
        if (!reset && handler.userId !== change.userId) return;
        if (reset || change.kind === 'connection' || change.kind === 'toolset') handler.mcp.notify.toolsChanged();
        if ((reset || change.kind === 'key') && !(await principals.get(handler.keyHash))) {
          handlers.delete(keyId);
          await handler.mcp.close();
        }
      }),
    );
  }
  const unsubscribe = principals.onChange((change) => {
    onChange(change).catch((error) => logger.error('could not apply a store change to open sessions', { reason: (error as Error).message }));
  });

  return {
    async fetch(request) {
      let auth: Awaited<ReturnType<Authenticator>>;
      try {
        auth = await options.authenticate(request);
      } catch (error) {
        // The credential could not be looked up (store slow or down): a retryable 503, not a 500 or a wrong 401.
        logger.error('could not look up a credential; answering 503', errorFields(error));
        return storeUnavailableResponse();
      }
      if (!auth.ok) return auth.response;
      const { principal } = auth;
      let handler = handlers.get(principal.keyId);
      if (handler) handlers.delete(principal.keyId);
      else handler = { userId: principal.userId, keyHash: principal.keyHash, mcp: createMcpHandler(factory, { onerror: onError }) };
      // Re-inserted on every use, so the Map's first entry is the least recently used.
      handlers.set(principal.keyId, handler);
      if (handlers.size > maxKeyHandlers) {
        const [oldestKey, oldest] = handlers.entries().next().value!;
        handlers.delete(oldestKey);
        void oldest.mcp.close().catch((error: unknown) => logger.warn('could not close an evicted key handler', errorFields(error)));
      }
      // Read here, after authentication, so a caller without a key never costs a body parse.
      const body = await readMessageBody(request);
      if (!body.ok) return body.response;
      const refused = batchRefusal(body.request, body.parsedBody);
      if (refused) return refused;
      // The common case, a 2026-07-28 tool call, skips the per-request SDK server (direct-call.ts says why and how).
      const direct = recognizeToolCall(body.request, body.parsedBody);
      if (direct) return serveDirectCall(direct, principal, callHandler, body.request, logger);
      const authInfo = { token: principal.keyId, clientId: principal.keyId, scopes: [], extra: { principal } };
      // 2025-era POSTs get a JSON answer instead of the SDK's SSE framing (legacy-json.ts says why).
      if (await isLegacyPost(body.request, body.parsedBody)) return serveLegacyJson(factory, body.request, { authInfo, parsedBody: body.parsedBody });
      return handler.mcp.fetch(body.request, { authInfo, ...(body.parsedBody !== undefined && { parsedBody: body.parsedBody }) });
    },
    async close() {
      unsubscribe();
      await Promise.all([...handlers.values()].map((handler) => handler.mcp.close()));
      handlers.clear();
    },
  };
}
