/**
 * Which paths are the hub's own and which are the dashboard's, decided once:
 * the hub answers its API surfaces (and its own 404 for unknown ones under
 * them); every other path is a dashboard page or asset.
 */
const HUB_PREFIXES = ['/mcp', '/api', '/fn', '/healthz', '/oauth', '/webhooks', '/client'] as const;

/** Below it the hub answers connect links (connect-links.ts); `/connect` itself is the dashboard's "Connect your client" page. */
const HUB_SUBPATHS = ['/connect/'] as const;

/** True for a path the hub's routes answer; false for one the dashboard serves. */
export function isHubPath(pathname: string): boolean {
  return HUB_PREFIXES.some((prefix) => pathname === prefix || pathname.startsWith(prefix + '/')) || HUB_SUBPATHS.some((prefix) => pathname.startsWith(prefix));
}
