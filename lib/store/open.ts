/**
 * Opens the store a configuration names: the embedded SQLite file in the data
 * dir, or a Convex deployment through the official clients — `ConvexHttpClient`
 * for calls and, unless polling is asked for, a `ConvexClient` WebSocket
 * subscription for the change feed. Each adapter is imported only when chosen,
 * so a Convex-only deployment (Vercel) never loads `bun:sqlite`.
 */
import type { ConvexClient } from 'convex/browser';
import type { Logger } from '../log.ts';
import { errorFields } from '../log.ts';
import { usageSpoolDir, type StoreConfig } from '../server/config.ts';
import type { Subscribe } from './convex/index.ts';
import type { Store } from './port.ts';

export interface OpenStoreOptions {
  dataDir: string;
  logger: Logger;
  /** Journal usage on disk before delivering it (the hub); the CLI records no usage and must not take the spool's lock. */
  spoolUsage: boolean;
}

export async function openStore(config: StoreConfig, options: OpenStoreOptions): Promise<Store> {
  const onError = (error: unknown) => options.logger.error('store change feed failed; keys and integrations changed elsewhere may not take effect here until it recovers', errorFields(error));
  if (config.kind === 'embedded') {
    const { openEmbeddedStore } = await import('./embedded/index.ts');
    return openEmbeddedStore({ dataDir: options.dataDir, onError, ...(options.spoolUsage ? { spool: { dir: usageSpoolDir(options.dataDir), logger: options.logger } } : {}) });
  }
  const [{ ConvexClient }, { openConvexStore, convexHttpCaller }] = await Promise.all([import('convex/browser'), import('./convex/index.ts')]);
  return openConvexStore({
    caller: convexHttpCaller(config.url),
    secret: config.secret,
    onError,
    ...(config.changes === 'subscribe' ? { subscribe: liveSubscription(() => new ConvexClient(config.url, { logger: false }), onError) } : {}),
    ...(options.spoolUsage ? { spool: { dir: config.spoolDir, logger: options.logger } } : {}),
  });
}

/** Subscriptions over one lazily opened WebSocket, closed with the last unsubscribe. */
function liveSubscription(connect: () => ConvexClient, onError: (error: unknown) => void): Subscribe {
  let client: ConvexClient | null = null;
  let active = 0;
  return (ref, args, onUpdate) => {
    client ??= connect();
    active += 1;
    const unsubscribe = client.onUpdate(ref, args, onUpdate, onError);
    return () => {
      unsubscribe();
      active -= 1;
      if (active === 0) {
        void client?.close();
        client = null;
      }
    };
  };
}
