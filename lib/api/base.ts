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
import { authenticate, requireCsrf } from './auth.ts';
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
        async resolve({ request }) {
          const me = await authenticate(anonymous(deps), request);
          if (MUTATING.has(request.method)) requireCsrf(me, request);
          return { me };
        },
      },
      /** As `signedIn`, and only an admin. */
      admin: {
        async resolve({ request }) {
          const me = await authenticate(anonymous(deps), request);
          if (MUTATING.has(request.method)) requireCsrf(me, request);
          if (me.user.role !== 'admin') throw new ServiceError('forbidden', 'Only an admin can do this. Ask an admin of this hub.');
          return { me };
        },
      },
    });
}
