/**
 * The embedded object store (files in the data dir): keys that would step
 * outside it are refused before any file is touched, objects are written
 * whole (a failed write leaves the old object and no temp file), and files
 * and folders are readable by the hub's user only.
 */
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFileObjectStore } from '../../lib/usage/archive/file-store.ts';
import { archiveKey, exportKey, ObjectKeyError, type ObjectStore } from '../../lib/usage/archive/object-store.ts';

let dir: string;
let store: ObjectStore;

async function* text(...parts: string[]): AsyncGenerator<string> {
  for (const part of parts) yield part;
}
const read = async (key: string) => {
  const found = await store.get(key);
  return found ? new Response(found.body).text() : null;
};

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mcphub-objects-'));
  store = createFileObjectStore(join(dir, 'archives'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('file object store', () => {
  it('stores, lists by prefix, reads back and deletes', async () => {
    const key = exportKey('usr_ada', '2026-11', 'csv');
    expect(key).toBe('exports/usr_ada/2026-11.csv');
    const stored = await store.put(key, text('a,b\r\n', '1,2\r\n'), { contentType: 'text/csv' });
    expect(stored).toMatchObject({ key, size: 10 });
    await store.put(exportKey('usr_bob', '2026-11', 'csv'), text('x'), { contentType: 'text/csv' });
    expect((await store.list('exports/usr_ada/')).map((o) => o.key)).toEqual([key]);
    expect(await read(key)).toBe('a,b\r\n1,2\r\n');
    expect(await store.downloadUrl(key, { expiresInSeconds: 60 })).toBeNull();
    expect(await store.delete(key)).toBe(true);
    expect(await store.delete(key)).toBe(false);
    expect(await store.get(key)).toBeNull();
    expect(await store.list('exports/usr_nobody/')).toEqual([]);
  });

  it('keeps files 0600 and folders 0700', async () => {
    const key = archiveKey('usr_ada', '2026-10-03', 1);
    expect(key).toBe('logs/usr_ada/2026-10/2026-10-03.1.jsonl');
    await store.put(key, text('{}\n'), { contentType: 'application/x-ndjson' });
    expect(statSync(join(dir, 'archives', key)).mode & 0o777).toBe(0o600);
    for (const folder of ['archives', 'archives/logs', 'archives/logs/usr_ada', 'archives/logs/usr_ada/2026-10']) expect(statSync(join(dir, folder)).mode & 0o777).toBe(0o700);
  });

  it.each([
    '../escape.csv', 'exports/../../etc/passwd', '/etc/passwd', 'exports//x.csv', 'exports/./x.csv', 'exports/.hidden',
    'exports/%2e%2e/x', 'exports\\..\\x', 'exports/x\u0000.csv', 'exports/ü.csv', '', 'a'.repeat(600),
  ])('refuses the key %j before touching a file', async (key) => {
    await expect(store.put(key, text('x'), { contentType: 'text/plain' })).rejects.toBeInstanceOf(ObjectKeyError);
    await expect(store.get(key)).rejects.toBeInstanceOf(ObjectKeyError);
    await expect(store.delete(key)).rejects.toBeInstanceOf(ObjectKeyError);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('refuses ids that would make a key climb, and a prefix that is not a folder', async () => {
    expect(() => exportKey('..', '2026-11', 'csv')).toThrow(ObjectKeyError);
    expect(() => exportKey('usr_a/../usr_b', '2026-11', 'csv')).toThrow(ObjectKeyError);
    expect(() => archiveKey('usr_a', '../../x', 1)).toThrow(ObjectKeyError);
    await expect(store.list('exports/usr_ada')).rejects.toBeInstanceOf(ObjectKeyError);
    await expect(store.list('../')).rejects.toBeInstanceOf(ObjectKeyError);
  });

  it('writes an object whole: a body that fails midway leaves the earlier object and no temp file', async () => {
    const key = exportKey('usr_ada', '2026-11', 'jsonl');
    await store.put(key, text('old\n'), { contentType: 'application/x-ndjson' });
    async function* failing(): AsyncGenerator<string> {
      yield 'new, half';
      throw new Error('the store went away');
    }
    await expect(store.put(key, failing(), { contentType: 'application/x-ndjson' })).rejects.toThrow('the store went away');
    expect(await read(key)).toBe('old\n');
    expect(readdirSync(join(dir, 'archives', 'exports', 'usr_ada'))).toEqual(['2026-11.jsonl']);
  });

  it('does not list a leftover temp file or a stray hidden file', async () => {
    await store.put(exportKey('usr_ada', '2026-11', 'csv'), text('x'), { contentType: 'text/csv' });
    writeFileSync(join(dir, 'archives', 'exports', 'usr_ada', '.tmp-crashed'), 'half');
    expect((await store.list('exports/usr_ada/')).map((o) => o.key)).toEqual(['exports/usr_ada/2026-11.csv']);
  });
});
