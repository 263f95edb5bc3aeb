/**
 * The Linear client factory: the SDK's generated `LinearSdk` (every query,
 * mutation and model of `@linear/sdk`) over a transport that sends each
 * GraphQL request through `options.fetch` with `options.signal`.
 *
 * Why not `new LinearClient(...)`: its `LinearGraphQLClient` calls the global
 * `fetch` and has no option to replace it (v98), so the executor could not
 * meter upstream time. `LinearSdk` takes the request function
 * (`LinearRequest`) as its constructor argument — the seam `LinearClient`
 * itself is built on — so this file supplies one that does what
 * `LinearGraphQLClient.request` does (POST JSON, `Authorization: <key>`) and
 * raises the same error classes through the SDK's own `parseLinearError`.
 */
import { LinearSdk, NetworkLinearError, parseLinearError, type LinearErrorRaw, type LinearRequest } from '@linear/sdk';
import type { ClientOptions } from '../../lib/mcp/define.ts';

export const LINEAR_API_URL = 'https://api.linear.app/graphql';

/** What the tools receive: the generated SDK (`client.issues(...)`, `client.createIssue(...)`, …). */
export type LinearClient = LinearSdk;

/** Non-JSON bodies (a proxy's HTML error page) are cut to this in error messages. */
const MAX_ERROR_TEXT = 300;

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Linear takes a personal API key (`lin_api_…`) bare and an OAuth access token as a bearer token. */
export const authorizationOf = (credential: string): string => (credential.startsWith('lin_api_') ? credential : `Bearer ${credential}`);

export function createLinearClient(apiKey: string, options: ClientOptions): LinearClient {
  const apiUrl = options.baseUrl ?? LINEAR_API_URL;
  // The same rule LinearClient enforces: the key never travels in clear text beyond this machine.
  const { protocol, hostname } = new URL(apiUrl);
  if (protocol !== 'https:' && !(protocol === 'http:' && LOCAL_HOSTS.has(hostname))) {
    throw new Error('MCPHUB_LINEAR_API_URL must use https unless it points to localhost');
  }

  const request: LinearRequest = async <Data, Variables extends Record<string, unknown>>(query: string, variables?: Variables): Promise<Data> => {
    let response: Response;
    try {
      response = await options.fetch(apiUrl, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: authorizationOf(apiKey), 'User-Agent': 'mcphub' },
        body: JSON.stringify({ query, variables }),
        signal: options.signal,
      });
    } catch (cause) {
      throw new NetworkLinearError({ message: `Network error: ${(cause as Error).message}`, request: { query, variables } });
    }
    const text = await response.text();
    let result: NonNullable<LinearErrorRaw['response']> & { data?: Data };
    try {
      result = JSON.parse(text) as typeof result;
    } catch {
      result = { error: text.slice(0, MAX_ERROR_TEXT) };
    }
    if (response.ok && !result.errors && result.data) return result.data;
    throw parseLinearError({
      message: result.errors?.[0]?.message ?? `GraphQL Error (Code: ${response.status})`,
      request: { query, variables },
      response: { ...result, status: response.status, headers: response.headers },
    });
  };
  return new LinearSdk(request);
}
