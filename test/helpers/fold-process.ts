/**
 * Another process folding meters on an embedded store, as a second hub or a
 * CLI would: `bun test/helpers/fold-process.ts <dataDir>` opens the store,
 * prints `ready`, reads `<epoch ms>` on stdin and folds at that instant (so
 * several processes fold at once), then prints how many events it folded.
 */
import { createInterface } from 'node:readline';
import { openEmbeddedStore } from '../../lib/store/embedded/index.ts';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: fold-process.ts <dataDir>');
const store = openEmbeddedStore({ dataDir });
const lines = createInterface({ input: process.stdin });
process.stdout.write('ready\n');
let startAt = 0;
for await (const line of lines) {
  startAt = Number(line);
  break;
}
await new Promise((resolve) => setTimeout(resolve, startAt - Date.now()));
const { events } = await store.foldMeters();
await store.close();
process.stdout.write(`folded ${events}\n`);
process.exit(0);
