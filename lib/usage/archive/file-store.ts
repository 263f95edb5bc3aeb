/**
 * Objects as files under `<dataDir>/archives` (the embedded default): folders
 * 0700, files 0600, like the database beside them. A put writes a hidden
 * temp file in the target folder, syncs it and renames it over the key, so a
 * crash leaves either the old object or the new one, never half. Paths come
 * only from checked keys and are resolved and checked to stay under the root.
 */
import { mkdir, open, readdir, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { checkKey, ObjectKeyError, type ObjectStore, type StoredObject } from './object-store.ts';

export const ARCHIVES_DIR = 'archives';

/** A file-backed object store rooted at `root` (by default `<dataDir>/archives`). */
export function createFileObjectStore(root: string): ObjectStore {
  const base = resolve(root);
  const pathOf = (key: string, options?: { prefix?: boolean }) => {
    checkKey(key, options);
    const path = resolve(base, ...key.split('/').filter(Boolean));
    // Belt and braces: checked segments cannot climb, and this says so for the resolved path too.
    if (path !== base && !path.startsWith(base + sep)) throw new ObjectKeyError(`object key ${JSON.stringify(key)} resolves outside the object store`);
    return path;
  };
  const describe = async (key: string, path: string): Promise<StoredObject | null> => {
    const info = await stat(path).catch((error: NodeJS.ErrnoException) => (error.code === 'ENOENT' || error.code === 'ENOTDIR' ? null : Promise.reject(error)));
    return info?.isFile() ? { key, size: info.size, modifiedAt: Math.floor(info.mtimeMs) } : null;
  };

  return {
    kind: 'files',
    async put(key, body) {
      const path = pathOf(key);
      await mkdir(dirname(path), { recursive: true, mode: 0o700 });
      const temp = join(dirname(path), `.tmp-${crypto.randomUUID()}`);
      const file = await open(temp, 'wx', 0o600);
      try {
        for await (const chunk of body) await (typeof chunk === 'string' ? file.write(chunk) : file.write(chunk));
        await file.sync();
      } catch (error) {
        await file.close();
        await rm(temp, { force: true });
        throw error;
      }
      await file.close();
      await rename(temp, path);
      return (await describe(key, path))!;
    },
    async get(key) {
      const path = pathOf(key);
      // Opened first and described through the handle: a put renaming a new file over it meanwhile cannot change the size told.
      const handle = await open(path, 'r').catch((error: NodeJS.ErrnoException) => (error.code === 'ENOENT' || error.code === 'ENOTDIR' || error.code === 'EISDIR' ? null : Promise.reject(error)));
      if (!handle) return null;
      const info = await handle.stat();
      if (!info.isFile()) {
        await handle.close();
        return null;
      }
      return { object: { key, size: info.size, modifiedAt: Math.floor(info.mtimeMs) }, body: streamFile(handle) };
    },
    async list(prefix) {
      const dir = pathOf(prefix, { prefix: true });
      const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch((error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? [] : Promise.reject(error)));
      const objects: StoredObject[] = [];
      for (const entry of entries) {
        if (!entry.isFile() || entry.name.startsWith('.')) continue;
        const path = join(entry.parentPath, entry.name);
        const key = prefix + relative(dir, path).split(sep).join('/');
        const object = await describe(key, path);
        if (object) objects.push(object);
      }
      return objects.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    },
    async delete(key) {
      const path = pathOf(key);
      if (!(await describe(key, path))) return false;
      await rm(path, { force: true });
      return true;
    },
    async downloadUrl() {
      return null;
    },
  };
}

/** An open file as a web stream, read as it is pulled; the file is closed at the end or when the download is cancelled. */
function streamFile(handle: FileHandle): ReadableStream<Uint8Array> {
  const chunks = handle.createReadStream()[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await chunks.next();
      if (next.done) controller.close();
      else controller.enqueue(new Uint8Array(next.value));
    },
    async cancel() {
      await chunks.return?.();
    },
  });
}
