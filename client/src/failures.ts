/**
 * What can go wrong between this bridge and the hub, each with the words a
 * person needs to fix it. Errors from the SDK are classified once, here; the
 * bridge only ever shows `describeFailure(...)`.
 */
import { ProtocolError, SdkError, SdkErrorCode, SdkHttpError, UnauthorizedError } from '@modelcontextprotocol/client';
import { CREATE_KEY_HINT } from './hints.ts';
import { isLoopback } from './options.ts';

export type HubFailure =
  /** Nothing answered: connection refused, DNS, TLS, reset, or no answer in time. */
  | { kind: 'unreachable'; reason: string }
  /** The hub answered 401/403: the key is unknown, revoked, or its user is disabled. */
  | { kind: 'rejected' }
  /** Something answered, but not as an MCP endpoint (wrong path, proxy page…). */
  | { kind: 'not-mcp'; status: number }
  /** The hub (or a proxy before it) answered 5xx: it is there but failing, so it is worth retrying. */
  | { kind: 'hub-error'; status: number };

/** Thrown by the bridge's fetch when no HTTP response came back, so classification never depends on SDK wording. */
export class NetworkError extends Error {
  constructor(readonly reason: string, options?: ErrorOptions) {
    super(`network error: ${reason}`, options);
  }
}

/** Thrown to handlers when the hub cannot be used right now. */
export class HubUnavailableError extends Error {
  constructor(readonly failure: HubFailure, message: string) {
    super(message);
  }
}

/** Classifies an error from a hub request; `undefined` means it is the hub's own answer (a JSON-RPC error) or a local abort. */
export function classifyFailure(error: unknown): HubFailure | undefined {
  if (error instanceof HubUnavailableError) return error.failure;
  if (error instanceof ProtocolError) return undefined;
  for (let current: unknown = error; current instanceof Error; current = current.cause) {
    if (current instanceof NetworkError) return { kind: 'unreachable', reason: current.reason };
    if (current instanceof UnauthorizedError) return { kind: 'rejected' };
    if (current instanceof SdkHttpError) {
      if (current.status === 401 || current.status === 403) return { kind: 'rejected' };
      if (current.status >= 500) return { kind: 'hub-error', status: current.status };
      return { kind: 'not-mcp', status: current.status };
    }
  }
  if (error instanceof SdkError && error.code === SdkErrorCode.RequestTimeout) return { kind: 'unreachable', reason: 'no answer in time' };
  return undefined;
}

/** Why a fetch produced no response, in a few words (`connection refused`, `host not found`…). */
export function networkReason(error: unknown): string {
  const code = findCode(error);
  switch (code) {
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'host not found';
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
      return 'connection reset';
    case 'ETIMEDOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
      return 'connection timed out';
    case undefined:
      return (error as Error)?.message ?? 'unknown network error';
    default:
      return code.startsWith('ERR_TLS') || code.includes('CERT') ? `TLS error (${code})` : code;
  }
}

function findCode(error: unknown): string | undefined {
  for (let current: unknown = error; current && typeof current === 'object'; current = (current as { cause?: unknown }).cause) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}

/** The message shown in the AI client (as an `isError` tool result or a JSON-RPC error) and on stderr. */
export function describeFailure(failure: HubFailure, url: URL): string {
  switch (failure.kind) {
    case 'unreachable':
      return isLoopback(url)
        ? `MCP Hub is not reachable at ${url.href} (${failure.reason}). Start it with \`npm start\` in the hub's folder; this client reconnects by itself, no restart needed.`
        : `MCP Hub is not reachable at ${url.href} (${failure.reason}). Check that the hub is running and that --url is right; this client reconnects by itself, no restart needed.`;
    case 'rejected':
      return `MCP Hub at ${url.origin} rejected the API key: it is unknown or was revoked. ${CREATE_KEY_HINT} Put the new key after --token in your client's config and restart the client.`;
    case 'not-mcp':
      return `${url.href} answered HTTP ${failure.status}, so it is not an MCP Hub endpoint. Point --url at the hub's MCP endpoint, e.g. http://127.0.0.1:8787/mcp.`;
    case 'hub-error':
      return isLoopback(url)
        ? `MCP Hub at ${url.origin} answered HTTP ${failure.status}: the hub itself failed. Its log (the terminal running \`npm start\`) says why; this client retries by itself, no restart needed.`
        : `MCP Hub at ${url.origin} answered HTTP ${failure.status}: the hub (or a proxy in front of it) failed. Its operator can see why in the hub's log; this client retries by itself, no restart needed.`;
  }
}

/** An outage this client waits out (lists keep their last answer meanwhile); the others need the person to change something. */
export function isTransient(failure: HubFailure): boolean {
  return failure.kind === 'unreachable' || failure.kind === 'hub-error';
}
