/**
 * How a person fixes something, written once (STYLE.md 14): every
 * remediation the gateway, the integrations (through `ToolErrorFix`), the
 * executor and the CLI give comes from here. Today a hub is managed with the
 * CLI on its machine; the dashboard (next issue) adds its URL to
 * `ManageSurface`, and `phrase` then names the page before the command — one
 * change for every hint.
 */
import type { ToolErrorFix } from '../mcp/errors.ts';
import type { HubConfig } from './config.ts';

/** Where a person manages this hub. */
export interface ManageSurface {
  /** The command that runs the CLI on this hub's data: `npx mcphub`, with MCPHUB_DATA_DIR when it is not the default. */
  cli: string;
  /** True when whoever reads the hint is not at the hub's machine (an MCP client, a model): commands then say where they run. */
  remote: boolean;
}

/** The integration a hint is about. */
export interface HintSubject {
  slug: string;
  name: string;
  auth: { label: string };
}

/** Each hint is one sentence, ending with a period. `user` is the email in a command (a placeholder unless the reader's is known). */
export interface Hints {
  createUser(email: string): string;
  /** For a user who cannot sign in to the dashboard (no password yet, or forgotten): print a link to set one. */
  passwordLink(email?: string): string;
  createKey(user?: string, name?: string): string;
  listKeys(user?: string): string;
  revokeKey(id?: string): string;
  enable(slug: string, user?: string): string;
  /** For a credential that could not be checked because its service was unreachable: store it unchecked. */
  enableUnverified(slug: string, user?: string): string;
  reconnect(integration: HintSubject, user?: string): string;
  /** `assignment` is `name=value`, e.g. `allow_writes=on`. */
  changeSetting(slug: string, assignment?: string, user?: string): string;
  /** The sentence for an integration's `ToolErrorFix`. */
  fix(integration: HintSubject, fix: ToolErrorFix): string;
}

/** The person reading a remote hint: the user whose key made the call. */
const YOU = '<you>';

/** `npx mcphub`, prefixed with the data dir when it is not the default, so a pasted command hits the same store. */
export function cliPrefix(config: Pick<HubConfig, 'dataDir' | 'dataDirIsCustom'>): string {
  return config.dataDirIsCustom ? `MCPHUB_DATA_DIR=${JSON.stringify(config.dataDir)} npx mcphub` : 'npx mcphub';
}

export function createHints(surface: ManageSurface): Hints {
  /** "<lead> `<cli> <args>`[ on the hub's machine]." — the one place a hint's wording of where to act is decided. */
  const phrase = (lead: string, args: string) => `${lead} \`${surface.cli} ${args}\`${surface.remote ? " on the hub's machine" : ''}.`;
  const hints: Hints = {
    createUser: (email) => phrase('Create one with', `users create --email ${email}`),
    passwordLink: (email = '<email>') => phrase('Print a link to set their password with', `users link --email ${email} --reset`),
    createKey: (user = '<email>', name = '<name>') => phrase(surface.remote ? 'The hub operator creates keys with' : 'Create a key with', `keys create --user ${user} --name ${name}`),
    listKeys: (user = '<email>') => phrase('List keys with', `keys list --user ${user}`),
    revokeKey: (id = '<key id>') => phrase('Revoke it with', `keys revoke ${id}`),
    enable: (slug, user = YOU) => phrase('Enable it with', `integrations enable ${slug} --user ${user} --token-stdin`),
    enableUnverified: (slug, user = YOU) => phrase('To store it without the check (say, offline), enable it with', `integrations enable ${slug} --user ${user} --token-stdin --no-verify`),
    reconnect: (integration, user = YOU) => phrase(`Reconnect ${integration.name} in MCP Hub with a new ${integration.auth.label}:`, `integrations enable ${integration.slug} --user ${user} --token-stdin`),
    changeSetting: (slug, assignment = 'name=value', user = YOU) => phrase('Change it with', `integrations settings ${slug} --user ${user} --set ${assignment}`),
    fix(integration, fix) {
      switch (fix.kind) {
        case 'reconnect':
          return hints.reconnect(integration);
        case 'change_setting':
          return hints.changeSetting(integration.slug, fix.assignment);
      }
    },
  };
  return hints;
}

/** Hints for remote callers (401s, tool results): they name the command and where it runs, never a path on the hub's machine. */
export function remoteHints(): Hints {
  return createHints({ cli: 'npx mcphub', remote: true });
}
