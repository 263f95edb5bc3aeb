/**
 * The key's "last client" (the API keys page): written with its last use,
 * from the usage path, which knows the client of each call. Throttled like
 * the key's last use (lib/gateway/auth.ts): one store write per key per
 * interval, unless the client changed, so a steady caller costs no write per call.
 */
import type { Logger } from '../log.ts';
import type { Store } from '../store/port.ts';

/** Keys remembered at once; past it the memory starts over (a few extra writes, never unbounded growth). */
const MAX_REMEMBERED = 10_000;

export type ClientToucher = (keyId: string, client: string | undefined, at: number) => void;

export function createClientToucher(store: Pick<Store, 'touchApiKey'>, logger: Logger, intervalMs = 60_000): ClientToucher {
  const last = new Map<string, { at: number; client: string | undefined }>();
  return (keyId, client, at) => {
    if (client === undefined) return;
    const seen = last.get(keyId);
    if (seen && seen.client === client && at - seen.at < intervalMs) return;
    if (last.size >= MAX_REMEMBERED) last.clear();
    last.set(keyId, { at, client });
    store.touchApiKey(keyId, at, client).catch((error) => logger.warn('could not record the client of a key', { keyId, reason: (error as Error).message }));
  };
}
