/** A short, prefixed, random id (`key_3f9c…`), readable in CLI output and logs. Web Crypto, so Convex functions use it too. */
export function newId(prefix: 'usr' | 'key' | 'aud' | 'ses' | 'ott' | 'tls' | 'arc' | 'rms'): string {
  const bytes = crypto.getRandomValues(new Uint8Array(10));
  return `${prefix}_${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/**
 * A usage event id that sorts by creation time: `evt_`, the millisecond clock
 * in 12 hex digits, then 64 random bits. Event ids key a unique index, and
 * random ones scattered every insert over it: as the table grew, each commit
 * dirtied (and, past SQLite's page cache, read) a leaf page of its own, and
 * the hub's CPU per call rose by about a quarter over a 400,000-event run of
 * bench/peer.bench.ts. Ordered ids land on the index's last pages. 64 random
 * bits keep two events of the same millisecond apart (a replayed event
 * keeps its id, so a collision would drop one).
 */
export function newEventId(now: number = Date.now()): string {
  const bytes = crypto.getRandomValues(new Uint8Array(8));
  return `evt_${Math.floor(now).toString(16).padStart(12, '0')}${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}
