/** The "what to do next" text the hub prints and puts in errors: CLI commands that work against this hub's data dir. */
import type { HubConfig } from './config.ts';

/** `npx mcphub`, prefixed with the data dir when it is not the default, so a pasted command hits the same store. */
export function cliPrefix(config: Pick<HubConfig, 'dataDir' | 'dataDirIsCustom'>): string {
  return config.dataDirIsCustom ? `MCPHUB_DATA_DIR=${JSON.stringify(config.dataDir)} npx mcphub` : 'npx mcphub';
}

/** Hints for remote callers: they name the command, never a path on the hub's machine. */
export function manageHint() {
  return {
    keys: 'The hub operator creates keys with `npx mcphub keys create --user <email> --name <name>`.',
    enable: (slug: string) => `Enable it with \`npx mcphub integrations enable ${slug} --user <email> --token-stdin\` on the hub's machine.`,
  };
}
