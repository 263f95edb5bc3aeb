/**
 * A Linear-shaped GraphQL API on 127.0.0.1, so the real `@linear/sdk` runs
 * against it. It answers the SDK's own named operations (`query issues`,
 * `mutation createIssue`, `query team_cycles`, …) with complete objects in
 * Linear's shapes — the SDK's generated models read many fields and fail on
 * missing ones such as `reactions` or `sharedAccess` — evaluates the filter
 * subset the tools send (comparators, `and`/`or`, nested relations, `some`),
 * paginates with Relay cursors, and sends Linear's error bodies
 * (`extensions.type` / `code` / `userPresentableMessage`) and X-RateLimit-*
 * headers. It keeps state (created issues and comments) and records each
 * operation with the API key presented, for isolation checks.
 *
 * Special issue identifiers trigger failures: `LIMIT-1` (RATELIMITED with a
 * reset), `BROKEN-1` (502 HTML page), `SECRET-1` (FORBIDDEN), `SLOW-1`
 * (answers after `slowMs`); an unknown identifier is "Entity not found";
 * assigning a new issue to someone outside its team is an "invalid input".
 *
 * This file holds the HTTP server, authentication and response headers;
 * `data.ts` the seeded records, `views.ts` Linear's object shapes,
 * `resolvers.ts` the operations and `graphql.ts` filters, pages and errors.
 */

import { HOUR, seedLinearData } from './data.ts';
import { FakeFailure, graphqlError, serialize } from './graphql.ts';
import { createResolver } from './resolvers.ts';

export interface FakeLinearRequest {
  operation: string;
  variables: Record<string, unknown>;
  /** The Authorization header as presented (a personal key has no "Bearer "), or null. */
  token: string | null;
}

export interface FakeLinear {
  /** The GraphQL endpoint (what MCPHUB_LINEAR_API_URL holds). */
  url: string;
  requests: FakeLinearRequest[];
  /** Keys accepted, by key → display name of a seeded user (alice, bob, carol). */
  tokens: Map<string, string>;
  close(): Promise<void>;
}

/** Starts the fake on an ephemeral port with freshly seeded data; add keys to `tokens` to let callers in. */
export function startFakeLinear(options: { slowMs?: number } = {}): FakeLinear {
  const tokens = new Map<string, string>();
  const requests: FakeLinearRequest[] = [];
  const data = seedLinearData();
  const resolve = createResolver(data, options);

  const rateHeaders = () => ({ 'x-ratelimit-requests-limit': '1500', 'x-ratelimit-requests-remaining': '1499', 'x-ratelimit-requests-reset': String(Date.now() + HOUR) });
  const respond = (status: number, body: unknown, headers: Record<string, string> = {}) =>
    new Response(typeof body === 'string' ? body : serialize(body), { status, headers: { 'content-type': typeof body === 'string' ? 'text/html' : 'application/json; charset=utf-8', ...headers } });

  const server = Bun.serve({
    hostname: '127.0.0.1',
    port: 0,
    async fetch(request) {
      if (new URL(request.url).pathname !== '/graphql' || request.method !== 'POST') return new Response('Not Found', { status: 404 });
      const { query, variables } = (await request.json()) as { query: string; variables?: Record<string, unknown> };
      const operation = /^\s*(?:query|mutation)\s+(\w+)/.exec(query)?.[1] ?? 'anonymous';
      const token = request.headers.get('authorization');
      requests.push({ operation, variables: variables ?? {}, token });
      const name = token ? tokens.get(token.replace(/^Bearer\s+/i, '')) : undefined;
      const viewer = data.users.find((u) => u.displayName === name);
      if (!viewer) {
        return respond(400, graphqlError('Authentication required, not authenticated', 'authentication error', 'AUTHENTICATION_ERROR', 401, 'You need to authenticate to access this operation.'));
      }
      try {
        return respond(200, { data: await resolve(operation, variables ?? {}, viewer) }, rateHeaders());
      } catch (failure) {
        if (failure instanceof FakeFailure) return respond(failure.status, failure.body, { ...rateHeaders(), ...failure.headers });
        throw failure;
      }
    },
  });

  return {
    url: `http://127.0.0.1:${server.port}/graphql`,
    requests,
    tokens,
    close: async () => {
      await server.stop(true);
    },
  };
}
