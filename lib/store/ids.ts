/** A short, prefixed, random id (`key_3f9c…`), readable in CLI output and logs. Web Crypto, so Convex functions use it too. */
export function newId(prefix: 'usr' | 'key' | 'evt' | 'aud'): string {
  const bytes = crypto.getRandomValues(new Uint8Array(10));
  return `${prefix}_${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}
