import { randomBytes } from 'node:crypto';

/** A short, prefixed, random id (`key_3f9c…`), readable in CLI output and logs. */
export function newId(prefix: 'usr' | 'key' | 'evt' | 'aud'): string {
  return `${prefix}_${randomBytes(10).toString('hex')}`;
}
