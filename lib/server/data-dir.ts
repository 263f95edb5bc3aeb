/**
 * Which data dir a hub or CLI command uses when MCPHUB_DATA_DIR does not say.
 * Found the way git finds `.git`: a person who runs `npx mcphub …` from a
 * subfolder of the project means the project's data dir, not a new empty one
 * in that subfolder (where their users and keys would seem to have vanished).
 */
import { readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';

export const DEFAULT_DATA_DIR = '.mcphub';
/** The `name` in this project's package.json: its folder is where `npm start` runs, so its data dir is the project's. */
const PROJECT_PACKAGE_NAME = 'mcphub';

/**
 * The nearest `.mcphub` in `cwd` or a folder above it, owned by this user;
 * else `.mcphub` beside the nearest package.json of this project (where
 * `npm start` keeps it); else `.mcphub` in `cwd`. `uid` is the current user
 * (undefined where there are none, Windows): a data dir someone else made
 * above us could hold an encryption key they chose, so it is never adopted.
 */
export function findDataDir(cwd: string, uid: number | undefined): string {
  const folders = ancestors(cwd);
  const existing = folders.map((folder) => join(folder, DEFAULT_DATA_DIR)).find((dir) => isOwnDirectory(dir, uid));
  if (existing) return existing;
  const project = folders.find(isProjectRoot);
  return join(project ?? cwd, DEFAULT_DATA_DIR);
}

function ancestors(cwd: string): string[] {
  const folders = [cwd];
  for (let parent = dirname(cwd); parent !== folders.at(-1); parent = dirname(parent)) folders.push(parent);
  return folders;
}

function isOwnDirectory(path: string, uid: number | undefined): boolean {
  const stat = statSync(path, { throwIfNoEntry: false });
  return stat !== undefined && stat.isDirectory() && (uid === undefined || stat.uid === uid);
}

function isProjectRoot(folder: string): boolean {
  try {
    return (JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')) as { name?: unknown }).name === PROJECT_PACKAGE_NAME;
  } catch {
    return false;
  }
}
