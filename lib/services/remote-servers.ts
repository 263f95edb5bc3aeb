/**
 * Remote MCP servers as integrations (issue 15), the use cases: add one (its
 * URL, slug and credential checked, then a connection check that lists its
 * tools), list them with their tools and the name mapping, replace the
 * credential, refresh the tool list, remove one. A member manages their own
 * servers; an admin also those added for everyone. The CLI, the API and the
 * upstream's list_changed all come through here.
 */
import { randomBytes } from 'node:crypto';
import { SealError } from '../crypto/seal.ts';
import { BlockedTargetError } from '../remote/address.ts';
import { checkCredential, sealCredential } from '../remote/credential.ts';
import { isTimeout } from '../remote/sessions.ts';
import { toRemoteTools } from '../remote/tools.ts';
import { REMOTE_LIMITS, type RemoteCredentialKind, type RemoteServer, type RemoteStatus, type RemoteTool } from '../store/remote-servers.ts';
import type { RemoteAccess, ServiceDeps } from './deps.ts';
import { ServiceError, fromStoreError } from './errors.ts';
import { checkNewServer } from './remote-checks.ts';
import { requireUser } from './users.ts';

export { RESERVED_SLUGS } from './remote-checks.ts';

/** One tool as a person sees it: the upstream's name and the one their client sees. */
export interface RemoteToolView {
  name: string;
  wireName: string;
  /** Whether the hub renamed it (the dashboard shows the mapping). */
  mapped: boolean;
  title: string | null;
  description: string | null;
  annotations: Record<string, unknown> | null;
}

/** A server as the dashboard, the API and the CLI show it: never its credential. */
export interface RemoteServerView {
  id: string;
  slug: string;
  url: string;
  credentialKind: RemoteCredentialKind;
  /** Added by an admin for every user. */
  forEveryone: boolean;
  /** Whether the asking user may change or remove it. */
  manageable: boolean;
  protocol: string | null;
  status: RemoteStatus;
  statusReason: string | null;
  checkedAt: number | null;
  tools: RemoteToolView[];
}

export interface RemoteCredentialInput {
  credentialKind: RemoteCredentialKind;
  token?: string;
  headers?: Record<string, string>;
}

export interface AddRemoteInput extends RemoteCredentialInput {
  userId: string;
  slug: string;
  url: string;
  /** For every user (admins only). */
  forEveryone?: boolean;
  /** Skip the connection check (the server is down now, say): stored as pending, checked on refresh. */
  check?: boolean;
}

type Deps = Pick<ServiceDeps, 'store' | 'sealer' | 'registry' | 'hints' | 'actor' | 'remote'>;

function remoteOf(deps: Deps): RemoteAccess {
  if (!deps.remote) throw new Error('services/remote-servers: this surface was built without remote MCP access (ServiceDeps.remote)');
  return deps.remote;
}

export function toView(server: RemoteServer, viewer: { id: string; role: string }): RemoteServerView {
  return {
    id: server.id,
    slug: server.slug,
    url: server.url,
    credentialKind: server.credentialKind,
    forEveryone: server.ownerId === null,
    manageable: server.ownerId === viewer.id || (server.ownerId === null && viewer.role === 'admin'),
    protocol: server.protocol,
    status: server.status,
    statusReason: server.statusReason,
    checkedAt: server.checkedAt,
    tools: server.tools.map((tool: RemoteTool) => ({
      name: tool.name,
      wireName: `${server.slug}__${tool.wireTool}`,
      mapped: tool.wireTool !== tool.name,
      title: tool.title ?? null,
      description: tool.description ?? null,
      annotations: tool.annotations ?? null,
    })),
  };
}

function sealed(deps: Deps, ownerId: string | null, slug: string, input: RemoteCredentialInput): string {
  const credential = checkCredential(input.credentialKind, input);
  if (!credential.ok) throw new ServiceError('invalid', credential.reason);
  return sealCredential(deps.sealer, ownerId, slug, credential.credential);
}

/** What a check found, or why it failed in words a person can act on. */
type Probe = { ok: true; tools: RemoteTool[]; skipped: string[]; protocol: string | null } | { ok: false; code: 'credential_rejected' | 'upstream_unreachable' | 'invalid'; message: string };

/** Lists the server's tools on `userId`'s session: the connection check of add, update and refresh. */
async function probe(remote: RemoteAccess, userId: string, server: RemoteServer): Promise<Probe> {
  try {
    const listed = await remote.sessions.listTools(userId, server);
    const { tools, skipped } = toRemoteTools(server.slug, listed);
    return { ok: true, tools, skipped, protocol: remote.sessions.protocolOf(server) };
  } catch (error) {
    const text = String((error as Error)?.message ?? error);
    if (error instanceof BlockedTargetError) return { ok: false, code: 'invalid', message: error.message };
    if (error instanceof SealError) return { ok: false, code: 'invalid', message: `The stored credential of ${server.slug} could not be opened (was MCPHUB_ENCRYPTION_KEY changed?); give it again.` };
    const status = (error as { status?: unknown }).status;
    if (/unauthori[sz]ed|\b401\b|\b403\b/i.test(text) || status === 401 || status === 403) {
      return { ok: false, code: 'credential_rejected', message: `${server.url} refused the credential (HTTP ${typeof status === 'number' ? status : 401}). Check the token or headers the server expects.` };
    }
    if (isTimeout(error)) return { ok: false, code: 'upstream_unreachable', message: `${server.url} did not answer in time. Check that the server is running and that the URL is its MCP endpoint.` };
    if (typeof status === 'number') return { ok: false, code: 'upstream_unreachable', message: `${server.url} answered HTTP ${status}; is this the server's MCP endpoint (often ending in /mcp)?` };
    return { ok: false, code: 'upstream_unreachable', message: `Could not talk MCP with ${server.url}: ${text.slice(0, 200)}. Check the URL and that the server is running.` };
  }
}

function reasonOf(result: Extract<Probe, { ok: true }>): string | null {
  if (result.skipped.length === 0) return null;
  return `Left out: ${result.skipped.join('; ')}`.slice(0, REMOTE_LIMITS.reason);
}

/** Adds a server for `userId` (or everyone), after checking that it answers and listing its tools. */
export async function addRemoteServer(deps: Deps, input: AddRemoteInput): Promise<RemoteServerView> {
  const remote = remoteOf(deps);
  const user = await requireUser(deps, input.userId);
  if (input.forEveryone && user.role !== 'admin') throw new ServiceError('forbidden', 'Only an admin adds an MCP server for everyone; add it for yourself instead.');
  const { slug, url } = await checkNewServer(deps, remote, user.id, input);
  const ownerId = input.forEveryone ? null : user.id;
  const sealedCredential = sealed(deps, ownerId, slug, input);
  let found: Extract<Probe, { ok: true }> | null = null;
  if (input.check !== false) {
    // Checked before anything is stored, on a session of its own that is closed after.
    const draft: RemoteServer = {
      id: `rms_probe_${randomBytes(8).toString('hex')}`, ownerId, slug, url: url.href, credentialKind: input.credentialKind, sealedCredential,
      protocol: null, tools: [], status: 'pending', statusReason: null, checkedAt: null, createdAt: 0, updatedAt: 0,
    };
    const result = await probe(remote, user.id, draft);
    remote.sessions.forget(draft.id);
    if (!result.ok) throw new ServiceError(result.code, result.message);
    found = result;
  }
  let server: RemoteServer;
  try {
    server = await deps.store.createRemoteServer({ ownerId, slug, url: url.href, credentialKind: input.credentialKind, sealedCredential, actor: deps.actor });
  } catch (error) {
    throw fromStoreError(error);
  }
  if (found) server = (await deps.store.recordRemoteServerCheck({ id: server.id, status: 'ok', statusReason: reasonOf(found), protocol: found.protocol, tools: found.tools, checkedAt: Date.now() })) ?? server;
  return toView(server, user);
}

export async function listRemoteServers(deps: Pick<Deps, 'store'>, userId: string): Promise<RemoteServerView[]> {
  const user = await requireUser(deps, userId);
  return (await deps.store.listRemoteServers(user.id)).map((server) => toView(server, user));
}

/** The server `slug` that `userId` sees and may manage. */
async function manageable(deps: Deps, userId: string, slug: string): Promise<{ server: RemoteServer; user: { id: string; role: string } }> {
  const user = await requireUser(deps, userId);
  const server = (await deps.store.listRemoteServers(user.id)).find((candidate) => candidate.slug === slug);
  if (!server) throw new ServiceError('not_found', `You have no MCP server with the slug ${slug}.`);
  if (!toView(server, user).manageable) throw new ServiceError('forbidden', `The ${slug} MCP server was added for everyone by an admin; only an admin changes it.`);
  return { server, user };
}

/** Replaces a server's credential, after checking the server accepts it. */
export async function updateRemoteCredential(deps: Deps, input: { userId: string; slug: string } & RemoteCredentialInput): Promise<RemoteServerView> {
  const remote = remoteOf(deps);
  const { server, user } = await manageable(deps, input.userId, input.slug);
  const sealedCredential = sealed(deps, server.ownerId, server.slug, input);
  const candidate = { ...server, credentialKind: input.credentialKind, sealedCredential };
  const result = await probe(remote, user.id, candidate);
  if (!result.ok) {
    remote.sessions.forget(server.id);
    throw new ServiceError(result.code, result.message);
  }
  const updated = await deps.store.updateRemoteServerCredential({ id: server.id, ownerId: server.ownerId, credentialKind: input.credentialKind, sealedCredential, actor: deps.actor });
  if (!updated) throw new ServiceError('not_found', `The ${input.slug} MCP server was removed meanwhile.`);
  // Sessions on the old credential close; the next call opens one with the new.
  remote.sessions.forget(server.id);
  const checked = await deps.store.recordRemoteServerCheck({ id: server.id, status: 'ok', statusReason: reasonOf(result), protocol: result.protocol, tools: result.tools, checkedAt: Date.now() });
  return toView(checked ?? updated, user);
}

export async function removeRemoteServer(deps: Deps, input: { userId: string; slug: string }): Promise<void> {
  const { server } = await manageable(deps, input.userId, input.slug);
  if (!(await deps.store.removeRemoteServer({ id: server.id, ownerId: server.ownerId, actor: deps.actor }))) throw new ServiceError('not_found', `The ${input.slug} MCP server was removed meanwhile.`);
  deps.remote?.sessions.forget(server.id);
}

/** Lists the server's tools again and keeps what it said (or why it failed). */
export async function refreshRemoteServer(deps: Deps, input: { userId: string; slug: string }): Promise<RemoteServerView> {
  const user = await requireUser(deps, input.userId);
  const server = (await deps.store.listRemoteServers(user.id)).find((candidate) => candidate.slug === input.slug);
  if (!server) throw new ServiceError('not_found', `You have no MCP server with the slug ${input.slug}.`);
  return toView(await refreshServerTools(deps, server, user.id), user);
}

/**
 * The refresh itself, for a person's refresh and the upstream's list_changed
 * alike (the hub calls it on `userId`'s session, the one that was told).
 */
export async function refreshServerTools(deps: Pick<Deps, 'store' | 'remote'>, server: RemoteServer, userId: string): Promise<RemoteServer> {
  const remote = remoteOf(deps as Deps);
  const result = await probe(remote, userId, server);
  const check = result.ok
    ? { id: server.id, status: 'ok' as const, statusReason: reasonOf(result), protocol: result.protocol, tools: result.tools, checkedAt: Date.now() }
    : { id: server.id, status: 'error' as const, statusReason: result.message.slice(0, REMOTE_LIMITS.reason), checkedAt: Date.now() };
  return (await deps.store.recordRemoteServerCheck(check)) ?? server;
}
