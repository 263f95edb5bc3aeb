/** The object store a hub's configuration implies: files in the data dir (embedded), or R2 through the Convex deployment. */
import { join } from 'node:path';
import type { StoreConfig } from '../../server/config.ts';
import { convexHttpCaller } from '../../store/convex/caller.ts';
import { ARCHIVES_DIR, createFileObjectStore } from './file-store.ts';
import type { ObjectStore } from './object-store.ts';
import { createR2ObjectStore } from './r2-store.ts';

export function openObjectStore(store: StoreConfig, dataDir: string): ObjectStore {
  if (store.kind === 'embedded') return createFileObjectStore(join(dataDir, ARCHIVES_DIR));
  return createR2ObjectStore({ caller: convexHttpCaller(store.url), secret: store.secret, tempDir: join(store.spoolDir, 'uploads') });
}
