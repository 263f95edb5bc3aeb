/**
 * How a person fixes something, written once (STYLE.md 14): every
 * remediation the gateway, the integrations (through `ToolErrorFix`), the
 * executor and the CLI give comes from here. A hub is managed with the CLI
 * on its machine and, when it serves its dashboard, in the browser: then
 * `ManageSurface.dashboard` names its origin, and `phrase` names the page
 * before the command — one place for every hint.
 */
import type { ToolErrorFix } from '../mcp/errors.ts';
import type { HubConfig } from './config.ts';

/** Where a person manages this hub. */
export interface ManageSurface {
  /** The command that runs the CLI on this hub's data: `npx mcphub`, with MCPHUB_DATA_DIR when it is not the default. */
  cli: string;
  /** True when whoever reads the hint is not at the hub's machine (an MCP client, a model): commands then say where they run. */
  remote: boolean;
  /** The dashboard's origin when this hub serves it (read when a hint is worded: the port may be known only once listening). */
  dashboard?: () => string | undefined;
}

/** The dashboard page where a hint's fix is done, when there is one. */
type Page = '/keys' | '/integrations' | '/toolsets' | '/usage' | '/mcp-servers';

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
  /** `lead` words the fix for the sentence it ends ("Revoke it", "Revoke one you no longer use"). */
  revokeKey(id?: string, lead?: string): string;
  enable(slug: string, user?: string): string;
  disable(slug?: string, user?: string): string;
  /** For a credential that could not be checked because its service was unreachable: store it unchecked. */
  enableUnverified(slug: string, user?: string): string;
  /** `oauth`: the connection was made with OAuth, so the fix is the Integrations page's "Reconnect with …" (a token still works too). */
  reconnect(integration: HintSubject, user?: string, oauth?: boolean): string;
  /** The single-use connect link a tool result carries (lib/services/connect-link-minter.ts): opened in the browser where the reader is signed in. */
  connectLink(integration: HintSubject, url: string): string;
  /** What a client that takes URL-mode elicitation shows its user beside the connect link, for a call of `tool` that needs it. */
  connectElicitation(integration: HintSubject, tool: string): string;
  /** `assignment` is `name=value`, e.g. `allow_writes=on`. */
  changeSetting(slug: string, assignment?: string, user?: string): string;
  /** Where a person sees their toolsets and their ids. */
  listToolsets(user?: string): string;
  /** How to bind a key to another toolset (or to none). */
  bindKey(keyId?: string, user?: string): string;
  /** The sentence for an integration's `ToolErrorFix`. */
  fix(integration: HintSubject, fix: ToolErrorFix): string;
  /**
   * For a user held back by their plan (quota, rate, key or integration count):
   * the Billing page at `billingUrl` (`<public url>/billing`), or on the
   * dashboard this hub serves; else the operator's command.
   */
  upgrade(billingUrl?: string, user?: string): string;
  /** For a usage export that is not there (yet): make one for a month. */
  exportUsage(user?: string, month?: string): string;
  /** For a remote MCP server that refused its credential: give it a new one. */
  updateRemote(slug: string, user?: string): string;
  /** For a remote MCP server whose tools may have changed, or that was unreachable: check it again. */
  refreshRemote(slug: string, user?: string): string;
  /** For a person who needs a remote MCP server first (say, to pass it through a toolset): add one. */
  addRemote(user?: string): string;
}

/** The person reading a remote hint: the user whose key made the call. */
const YOU = '<you>';

/** `npx mcphub`, prefixed with the data dir when it is not the default, so a pasted command hits the same store. */
export function cliPrefix(config: Pick<HubConfig, 'dataDir' | 'dataDirIsCustom'>): string {
  return config.dataDirIsCustom ? `MCPHUB_DATA_DIR=${JSON.stringify(config.dataDir)} npx mcphub` : 'npx mcphub';
}

export function createHints(surface: ManageSurface): Hints {
  /**
   * "<lead> with `<cli> <args>`[ on the hub's machine]." — or, with a
   * dashboard, "<lead> on the dashboard (<origin><page>), or with `…`" — the
   * one place a hint's wording of where to act is decided.
   */
  const phrase = (lead: string, args: string, page?: Page, joiner = ' with') => {
    const command = `\`${surface.cli} ${args}\`${surface.remote ? " on the hub's machine" : ''}`;
    const origin = page && surface.dashboard?.();
    return origin ? `${lead} on the dashboard (${origin}${page}), or with ${command}.` : `${lead}${joiner} ${command}.`;
  };
  const hints: Hints = {
    createUser: (email) => phrase('Create one', `users create --email ${email}`),
    passwordLink: (email = '<email>') => phrase('Print a link to set their password', `users link --email ${email} --reset`),
    createKey: (user = '<email>', name = '<name>') =>
      surface.dashboard?.()
        ? phrase('Create a key', `keys create --user ${user} --name ${name}`, '/keys')
        : phrase(surface.remote ? 'The hub operator creates keys' : 'Create a key', `keys create --user ${user} --name ${name}`),
    listKeys: (user = '<email>') => phrase('List keys', `keys list --user ${user}`, '/keys'),
    revokeKey: (id = '<key id>', lead = 'Revoke it') => phrase(lead, `keys revoke ${id}`, '/keys'),
    enable: (slug, user = YOU) => phrase('Enable it', `integrations enable ${slug} --user ${user} --token-stdin`, '/integrations'),
    enableUnverified: (slug, user = YOU) => phrase('To store it without the check (say, offline), enable it', `integrations enable ${slug} --user ${user} --token-stdin --no-verify`),
    reconnect: (integration, user = YOU, oauth = false) =>
      phrase(
        oauth ? `Reconnect ${integration.name} in MCP Hub ("Reconnect with ${integration.name}", or a new ${integration.auth.label})` : `Reconnect ${integration.name} in MCP Hub with a new ${integration.auth.label}`,
        `integrations enable ${integration.slug} --user ${user} --token-stdin`,
        '/integrations',
        ':',
      ),
    connectLink: (integration, url) => `Or open ${url} in the browser where you are signed in to MCP Hub to connect ${integration.name} (a single-use link for your account, valid for 30 minutes).`,
    connectElicitation: (integration, tool) =>
      `MCP Hub needs ${integration.name} connected to run ${tool}: open this link in the browser where you are signed in to MCP Hub, connect ${integration.name}, then come back here (a single-use link for your account, valid for 30 minutes).`,
    listToolsets: (user = '<email>') => phrase('See your toolsets', `toolsets list --user ${user}`, '/toolsets'),
    bindKey: (keyId = '<key id>', user = '<email>') => phrase('Bind the key to another toolset (or none)', `toolsets bind-key ${keyId} --user ${user} --toolset <toolset id|none>`, '/keys'),
    changeSetting: (slug, assignment = 'name=value', user = YOU) => phrase('Change it', `integrations settings ${slug} --user ${user} --set ${assignment}`, '/integrations'),
    disable: (slug = '<slug>', user = YOU) => phrase('Disable one you no longer use', `integrations disable ${slug} --user ${user}`, '/integrations'),
    upgrade(billingUrl, user = YOU) {
      const origin = surface.dashboard?.();
      const url = billingUrl ?? (origin ? `${origin}/billing` : undefined);
      if (url) return `Upgrade your plan at ${url}.`;
      return `${surface.remote ? 'The hub operator can change your plan' : 'Change the plan'} with \`${surface.cli} users set-plan --user ${user} --plan <plan>\`${surface.remote ? " on the hub's machine" : ''}.`;
    },
    exportUsage: (user = YOU, month = 'YYYY-MM') => phrase('Export a month', `usage export --user ${user} --month ${month}`, '/usage'),
    updateRemote: (slug, user = YOU) => phrase(`Give the ${slug} MCP server a new credential`, `remote update ${slug} --user ${user} --token-stdin`, '/mcp-servers'),
    refreshRemote: (slug, user = YOU) => phrase(`Check the ${slug} MCP server again`, `remote refresh ${slug} --user ${user}`, '/mcp-servers'),
    addRemote: (user = '<email>') => phrase('Add one', `remote add <slug> --user ${user} --url <url>`, '/mcp-servers'),
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

/**
 * Hints for remote callers (401s, tool results): they name the command and
 * where it runs, never a path on the hub's machine, and the dashboard's page
 * when `dashboard` gives its origin.
 */
export function remoteHints(dashboard?: () => string | undefined): Hints {
  return createHints({ cli: 'npx mcphub', remote: true, ...(dashboard && { dashboard }) });
}

/** How an operator fixes Stripe billing, worded once for the API, the webhook route and the logs (README, "Stripe"). */
export const billingHint = {
  off: 'To take payments, the operator sets STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET and MCPHUB_STRIPE_PRICE_<PLAN> (README, "Stripe").',
  price: (planId: string) => `The operator sets MCPHUB_STRIPE_PRICE_${planId.toUpperCase().replaceAll('-', '_')} to the plan's Stripe price id (price_…).`,
  webhookSecret: 'Set STRIPE_WEBHOOK_SECRET to the endpoint\'s signing secret (Stripe dashboard: Developers → Webhooks → this endpoint → Signing secret) and restart the hub.',
} as const;
