/**
 * The gateway core: `(Request) => Promise<Response>`, framework-free (STYLE.md 1).
 * It authenticates the caller, then hands the request to that key's MCP handler
 * from the official SDK. One SDK handler per key keeps `subscriptions/listen`
 * streams per tenant: toggling a user's integration notifies only that user's
 * sessions, and revoking a key closes that key's open streams.
 */
import { createMcpHandler, type McpHttpHandler } from '@modelcontextprotocol/server';
import type { Registry } from '../mcp/registry.ts';
import { errorFields, type Logger } from '../log.ts';
import type { Store, StoreChange } from '../store/port.ts';
import { authenticate, storeUnavailableResponse, unauthorizedResponse } from './auth.ts';
import type { Executor } from './executor.ts';
import { createServerFactory } from './mcp-server.ts';
import { withCallLog } from './middleware/call-log.ts';
import { withUsage } from './middleware/usage.ts';
import { PrincipalCache } from './principals.ts';
import { createRouter } from './router.ts';

export interface GatewayOptions {
  store: Store;
  registry: Registry;
  executor: Executor;
  logger: Logger;
  /** Where a person manages keys and integrations, for error messages. */
  manageHint: { keys: string; enable: (slug: string) => string };
  /** How often `last used` is written per key. */
  keyTouchIntervalMs?: number;
}

export interface Gateway {
  fetch(request: Request): Promise<Response>;
  close(): Promise<void>;
}

interface KeyHandler {
  userId: string;
  keyHash: string;
  mcp: McpHttpHandler;
}

export function createGateway(options: GatewayOptions): Gateway {
  const { store, registry, executor, logger } = options;
  const principals = new PrincipalCache(store, registry);
  const callHandler = withUsage(store, logger)(withCallLog(logger)(createRouter({ registry, executor, enableHint: options.manageHint.enable })));
  const factory = createServerFactory(callHandler, logger);
  const handlers = new Map<string, KeyHandler>();
  const lastTouched = new Map<string, number>();
  const touchInterval = options.keyTouchIntervalMs ?? 60_000;

  const onError = (error: Error) => logger.debug('mcp request rejected', { message: error.message });

  async function onChange(change: StoreChange): Promise<void> {
    for (const [keyId, handler] of handlers) {
      if (handler.userId !== change.userId) continue;
      if (change.kind === 'connection') handler.mcp.notify.toolsChanged();
      if (change.kind === 'key' && !(await principals.get(handler.keyHash))) {
        handlers.delete(keyId);
        await handler.mcp.close();
      }
    }
  }
  principals.onChange((change) => {
    onChange(change).catch((error) => logger.error('could not apply a store change to open sessions', { reason: (error as Error).message }));
  });

  function touch(keyId: string): void {
    const now = Date.now();
    if (now - (lastTouched.get(keyId) ?? 0) < touchInterval) return;
    lastTouched.set(keyId, now);
    store.touchApiKey(keyId, now).catch((error) => logger.warn('could not record key use', { keyId, reason: (error as Error).message }));
  }

  return {
    async fetch(request) {
      let auth: Awaited<ReturnType<typeof authenticate>>;
      try {
        auth = await authenticate(request.headers, principals);
      } catch (error) {
        // The key could not be looked up (store slow or down): a retryable 503, not a 500 or a wrong 401.
        logger.error('could not look up an API key; answering 503', errorFields(error));
        return storeUnavailableResponse();
      }
      if (!auth.ok) return unauthorizedResponse(auth.reason, options.manageHint.keys);
      const { principal } = auth;
      touch(principal.keyId);
      let handler = handlers.get(principal.keyId);
      if (!handler) {
        handler = { userId: principal.userId, keyHash: principal.keyHash, mcp: createMcpHandler(factory, { onerror: onError }) };
        handlers.set(principal.keyId, handler);
      }
      return handler.mcp.fetch(request, { authInfo: { token: principal.keyId, clientId: principal.keyId, scopes: [], extra: { principal } } });
    },
    async close() {
      principals.close();
      await Promise.all([...handlers.values()].map((handler) => handler.mcp.close()));
      handlers.clear();
    },
  };
}
