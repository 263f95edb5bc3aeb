/**
 * The remote-MCP-server half of the Store port (lib/store/port.ts, issue 15):
 * MCP servers a user (or an admin, for everyone) added by URL, with their
 * sealed credential, the protocol revision last probed and the tool list the
 * server reported last. The gateway builds a principal's catalog from that
 * list (lib/remote/catalog.ts), so listing tools makes no upstream round trip.
 *
 * The tool list crosses the port as `tools` but is stored as JSON text in
 * both adapters: input schemas hold keys such as `$schema` that Convex
 * documents cannot, and the hub never queries inside it.
 */
import { SLUG_PATTERN } from '../mcp/names.ts';
import type { Actor } from './port.ts';

export const REMOTE_CREDENTIAL_KINDS = ['none', 'bearer', 'headers', 'oauth'] as const;
/** How the hub authenticates to the remote server: nothing, `Authorization: Bearer <token>`, headers the user gave, or the server's own OAuth (MCP authorization, lib/services/remote-oauth.ts). */
export type RemoteCredentialKind = (typeof REMOTE_CREDENTIAL_KINDS)[number];

export const REMOTE_STATUSES = ['pending', 'ok', 'error'] as const;
/** `pending` until the first check; `error` while the last check or refresh failed (its reason says why). */
export type RemoteStatus = (typeof REMOTE_STATUSES)[number];

/** One tool as the remote server reported it, with the hub's name for it. */
export interface RemoteTool {
  /** As the upstream names it (sent back on `tools/call`). */
  name: string;
  /** The tool part of the wire name `<slug>__<wireTool>` (lib/remote/names.ts maps it). */
  wireTool: string;
  title?: string;
  description?: string;
  inputSchema: Record<string, unknown>;
  outputSchema?: Record<string, unknown>;
  annotations?: Record<string, unknown>;
}

export interface RemoteServer {
  id: string;
  /** The user who added it; null when an admin added it for everyone. */
  ownerId: string | null;
  /** The namespace of its tools (`acme` → `acme__search`); unique among what one user sees. */
  slug: string;
  url: string;
  credentialKind: RemoteCredentialKind;
  /** Sealed with `remoteCredentialContext(ownerId, slug)`; `{}`-shaped JSON inside (lib/remote/credential.ts). */
  sealedCredential: string;
  /** The protocol revision the server spoke at the last check (`2026-07-28`, `2025-11-25`…); null before one. */
  protocol: string | null;
  tools: RemoteTool[];
  status: RemoteStatus;
  /** What went wrong at the last check, in words a person can act on; null when it went well. */
  statusReason: string | null;
  checkedAt: number | null;
  createdAt: number;
  updatedAt: number;
}

export interface NewRemoteServer extends Actor {
  ownerId: string | null;
  slug: string;
  url: string;
  credentialKind: RemoteCredentialKind;
  sealedCredential: string;
}

/** What a check found; `tools` and `protocol` only when it reached the server. */
export interface RemoteServerCheck {
  id: string;
  status: RemoteStatus;
  statusReason: string | null;
  protocol?: string | null;
  tools?: RemoteTool[];
  checkedAt: number;
}

export interface RemoteServerStore {
  /** Adds a server; `SLUG_TAKEN` when the slug is already one of the servers its owner sees (for everyone: anyone's). */
  createRemoteServer(input: NewRemoteServer): Promise<RemoteServer>;
  /** The servers a user sees: their own and everyone's, by slug. */
  listRemoteServers(userId: string): Promise<RemoteServer[]>;
  getRemoteServer(id: string): Promise<RemoteServer | null>;
  /** Replaces the credential of the server `id` of `ownerId` (null: everyone's); null when there is no such server. */
  updateRemoteServerCredential(input: { id: string; ownerId: string | null; credentialKind: RemoteCredentialKind; sealedCredential: string } & Actor): Promise<RemoteServer | null>;
  /**
   * Records a check or refresh. A change event of the owner (of every user,
   * for everyone's) only when the tool list or the status changed, so a
   * refresh that found the same tools costs no principal reload. Null when
   * the server is gone.
   */
  recordRemoteServerCheck(input: RemoteServerCheck): Promise<RemoteServer | null>;
  /** Removes the server `id` of `ownerId` (null: everyone's); false when there is no such server. */
  removeRemoteServer(input: { id: string; ownerId: string | null } & Actor): Promise<boolean>;
}

/** Bounds of what the store keeps; callers check them first (lib/remote/url.ts, lib/remote/tools.ts), the store refuses past them. */
export const REMOTE_LIMITS = { url: 2_048, sealed: 65_536, toolsJson: 1_048_576, tools: 512, reason: 500, protocol: 32 } as const;

/** The associated data that binds a remote server's credential to its owner and slug (lib/crypto/seal.ts). */
export function remoteCredentialContext(ownerId: string | null, slug: string): string {
  return `remote:${ownerId ?? '*'}:${slug}`;
}

/** The store's refusal of a new server it cannot keep, or null when it fits. Shared by both adapters. */
export function newRemoteServerProblem(input: NewRemoteServer): string | null {
  if (!SLUG_PATTERN.test(input.slug)) return `the slug ${JSON.stringify(input.slug.slice(0, 40))} must be lowercase letters, digits and hyphens, starting with a letter, at most 31 characters`;
  if (input.url.length === 0 || input.url.length > REMOTE_LIMITS.url) return `the URL must be 1 to ${REMOTE_LIMITS.url} characters`;
  return credentialProblem(input);
}

export function credentialProblem(input: { credentialKind: string; sealedCredential: string }): string | null {
  if (!(REMOTE_CREDENTIAL_KINDS as readonly string[]).includes(input.credentialKind)) return `the credential kind must be one of ${REMOTE_CREDENTIAL_KINDS.join(', ')}`;
  if (input.sealedCredential.length === 0 || input.sealedCredential.length > REMOTE_LIMITS.sealed) return `the sealed credential must be 1 to ${REMOTE_LIMITS.sealed} characters`;
  return null;
}

/** The store's refusal of a check it cannot keep, or null when it fits. */
export function checkProblem(input: RemoteServerCheck, toolsJson: string | null): string | null {
  if (!(REMOTE_STATUSES as readonly string[]).includes(input.status)) return `the status must be one of ${REMOTE_STATUSES.join(', ')}`;
  if (input.statusReason !== null && (input.statusReason.length === 0 || input.statusReason.length > REMOTE_LIMITS.reason)) return `the status reason must be 1 to ${REMOTE_LIMITS.reason} characters`;
  if (input.protocol != null && input.protocol.length > REMOTE_LIMITS.protocol) return `the protocol revision must be at most ${REMOTE_LIMITS.protocol} characters`;
  if (input.tools && input.tools.length > REMOTE_LIMITS.tools) return `at most ${REMOTE_LIMITS.tools} tools are kept per server`;
  if (toolsJson !== null && toolsJson.length > REMOTE_LIMITS.toolsJson) return `the tool list must be at most ${REMOTE_LIMITS.toolsJson} characters as JSON`;
  return null;
}

/** The tool list as stored (JSON text), parsed back; a damaged list reads as empty rather than failing every principal of its users. */
export function parseStoredTools(json: string): RemoteTool[] {
  try {
    const parsed: unknown = JSON.parse(json);
    return Array.isArray(parsed) ? (parsed as RemoteTool[]) : [];
  } catch {
    return [];
  }
}

/** The shape both adapters store and return over the wire (Convex validators): the record with its tools as JSON text. */
export type StoredRemoteServer = Omit<RemoteServer, 'tools'> & { toolsJson: string };

export function fromStored({ toolsJson, ...rest }: StoredRemoteServer): RemoteServer {
  return { ...rest, tools: parseStoredTools(toolsJson) };
}
