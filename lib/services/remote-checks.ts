/**
 * The checks of a new remote MCP server, shared by adding one with a
 * credential (remote-servers.ts) and with OAuth (remote-oauth.ts): its slug
 * (a namespace no built-in, reserved name or server of the user's holds)
 * and its URL (syntax, then where it resolves to). Each refusal names the fix.
 */
import { SLUG_PATTERN } from '../mcp/names.ts';
import { BlockedTargetError, checkTarget } from '../remote/address.ts';
import { parseRemoteUrl } from '../remote/url.ts';
import type { RemoteAccess, ServiceDeps } from './deps.ts';
import { ServiceError } from './errors.ts';

/** Slugs a remote server may not take: names the hub keeps for its own tools (progressive mode's meta-tools, say) and routes (`/oauth/remote/callback`). */
export const RESERVED_SLUGS = ['mcphub', 'hub', 'meta', 'toolset', 'toolsets', 'search', 'describe', 'call', 'remote'] as const;

export function checkSlug(deps: Pick<ServiceDeps, 'registry'>, slug: string): void {
  if (!SLUG_PATTERN.test(slug)) throw new ServiceError('invalid', `The slug ${JSON.stringify(slug.slice(0, 40))} must be lowercase letters, digits and hyphens, starting with a letter, at most 31 characters (e.g. acme).`);
  if (slug.includes('--') || slug.endsWith('-')) throw new ServiceError('invalid', `The slug ${slug} may not end with a hyphen or hold two in a row; pick another, such as ${slug.replace(/-+/g, '-').replace(/-$/, '')}.`);
  if (deps.registry.integrations.some((integration) => integration.slug === slug)) throw new ServiceError('conflict', `${slug} is a built-in integration of this hub; pick another slug for the MCP server.`);
  if ((RESERVED_SLUGS as readonly string[]).includes(slug)) throw new ServiceError('conflict', `The slug ${slug} is kept for the hub's own tools; pick another one.`);
}

export async function checkUrl(remote: RemoteAccess, text: string): Promise<URL> {
  const parsed = parseRemoteUrl(text);
  if (!parsed.ok) throw new ServiceError('invalid', parsed.reason);
  try {
    await checkTarget(parsed.url, { allowPrivate: remote.allowPrivate });
  } catch (error) {
    if (error instanceof BlockedTargetError) throw new ServiceError('invalid', error.message);
    throw error;
  }
  return parsed.url;
}

/** The slug and URL of a server `userId` adds, checked; the store still decides clashes with everyone's servers, which only it sees whole. */
export async function checkNewServer(deps: Pick<ServiceDeps, 'registry' | 'store'>, remote: RemoteAccess, userId: string, input: { slug: string; url: string }): Promise<{ slug: string; url: URL }> {
  const slug = input.slug.trim();
  checkSlug(deps, slug);
  const url = await checkUrl(remote, input.url);
  if ((await deps.store.listRemoteServers(userId)).some((server) => server.slug === slug)) throw new ServiceError('conflict', `You already have an MCP server with the slug ${slug}; pick another one, or remove that one first.`);
  return { slug, url };
}
