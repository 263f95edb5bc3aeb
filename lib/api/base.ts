/**
 * What every `/api/v1` resource plugin `.use`s first: refusals and schema
 * failures as `{ error: { code, message } }`, and the `signedIn` / `admin`
 * route options, which resolve who is asking (lib/api/auth.ts) and check the
 * CSRF token of a mutating request. Scoped, so it applies to the routes of
 * the plugin that uses it and to nothing else of the hub (/mcp keeps its own
 * errors).
 */
import { Elysia } from 'elysia';
import { errorFields } from '../log.ts';
import { ServiceError } from '../services/errors.ts';
import { authenticate, requireCsrf, type SignedIn } from './auth.ts';
import { anonymous, type ApiDeps } from './deps.ts';
import { BadRequest, errorResponse, internalError, validationResponse } from './http.ts';

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function apiBase(deps: ApiDeps) {
  const { logger } = deps;
  return new Elysia({ name: 'mcphub-api-base' })
    // Typed void on purpose: Elysia 1.4.30 drops a route's declared error statuses for every status an onError returns,
    // which would leave Eden without them. Each route declares these bodies itself (`errors` in http.ts).
    .onError({ as: 'scoped' }, ({ code, error, set, request }): void => {
      if (code === 'VALIDATION') return validationResponse(error) as never;
      if (code === 'PARSE') return errorResponse(new BadRequest('The body is not valid JSON. Send a JSON object with Content-Type: application/json.'), set) as never;
      const refusal = errorResponse(error, set);
      if (refusal) return refusal as never;
      logger.error('api request failed', { path: new URL(request.url).pathname, code: String(code), ...errorFields(error) });
      return internalError() as never;
    })
    .macro({
      /** Only a signed-in user; mutating requests also need the session's CSRF token. Gives the route `me`. */
      signedIn: {
        transform: ({ request }) => admit(deps, request, false),
        resolve: ({ request }) => ({ me: admitted(request) }),
      },
      /** As `signedIn`, and only an admin. */
      admin: {
        transform: ({ request }) => admit(deps, request, true),
        resolve: ({ request }) => ({ me: admitted(request) }),
      },
    });
}

/** Who each admitted request is, from `transform` to `resolve`. */
const admittedRequests = new WeakMap<Request, SignedIn>();

/**
 * Checks who is asking in the transform phase, before the body, query and
 * params are validated: a stranger gets 401 (or 403 without the CSRF token),
 * never a 400 that would describe the route's input.
 */
async function admit(deps: ApiDeps, request: Request, adminOnly: boolean): Promise<void> {
  const me = await authenticate(anonymous(deps), request, deps.clerk);
  if (MUTATING.has(request.method)) requireCsrf(me, request);
  if (adminOnly && me.user.role !== 'admin') throw new ServiceError('forbidden', 'Only an admin can do this. Ask an admin of this hub.');
  admittedRequests.set(request, me);
}

function admitted(request: Request): SignedIn {
  const me = admittedRequests.get(request);
  if (!me) throw new Error('a signed-in route resolved a request its transform did not admit');
  return me;
}
