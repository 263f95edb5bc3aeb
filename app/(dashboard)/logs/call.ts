/** A call as the Logs page gets it from the hub, and how its parts read on the page. */
import type { api } from '../../_lib/api.ts';

export type Call = NonNullable<Awaited<ReturnType<typeof api.logs.get>>['data']>['items'][number];

/** Key names by key id, from GET /keys (revoked keys too, so old calls keep their name); null while they load. */
export type KeyNames = ReadonlyMap<string, string> | null;

/** The key's name; '…' while names load; its id when the key list does not have it (it failed to load, or the user has more keys than one page). */
export const keyLabel = (names: KeyNames, keyId: string) => (names === null ? '…' : (names.get(keyId) ?? keyId));

export const when = (ms: number) => new Date(ms).toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'medium' });

/** A latency as a person reads it: tenths below 10 ms, whole milliseconds above (the hub measures to the microsecond). */
export const duration = (ms: number) => `${ms < 10 ? ms.toFixed(1) : Math.round(ms)} ms`;
