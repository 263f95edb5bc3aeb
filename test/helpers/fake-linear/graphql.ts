/**
 * GraphQL plumbing of the Linear fake, independent of its data: Linear's
 * error body, the failure a resolver throws, the filter evaluator, Relay
 * connection pages, and the serializer that drops filter-only fields.
 */

// Filters and variables arrive as arbitrary JSON.
export type Json = any;

/** Linear's GraphQL error body: one error with `extensions` as Linear fills them. */
export function graphqlError(message: string, type: string, code: string, statusCode: number, userPresentableMessage: string, path?: string[]) {
  return { errors: [{ message, ...(path ? { path } : {}), extensions: { type, code, statusCode, userError: statusCode < 500, userPresentableMessage } }], data: null };
}

/** Thrown by a resolver; becomes an error response. */
export class FakeFailure {
  constructor(readonly status: number, readonly body: unknown, readonly headers: Record<string, string> = {}) {}
}

export const notFound = (type: string, path: string) => new FakeFailure(200, graphqlError(`Entity not found: ${type}`, 'invalid input', 'INPUT_ERROR', 404, `Could not find referenced ${type}.`, [path]));

/** Evaluates a Linear filter (comparators, and/or, nested relations, some/every) against a view object. */
export function matches(value: Json, filter: Json): boolean {
  if (filter === undefined || filter === null) return true;
  return Object.entries(filter).every(([key, cond]: [string, Json]) => {
    switch (key) {
      case 'and': return cond.every((f: Json) => matches(value, f));
      case 'or': return cond.some((f: Json) => matches(value, f));
      case 'eq': return value === cond;
      case 'neq': return value !== cond;
      case 'in': return cond.includes(value);
      case 'nin': return !cond.includes(value);
      case 'eqIgnoreCase': return typeof value === 'string' && value.toLowerCase() === String(cond).toLowerCase();
      case 'contains': return typeof value === 'string' && value.includes(cond);
      case 'containsIgnoreCase': return typeof value === 'string' && value.toLowerCase().includes(String(cond).toLowerCase());
      case 'null': return (value === null || value === undefined) === cond;
      case 'some': return Array.isArray(value) && value.some((v) => matches(v, cond));
      case 'every': return Array.isArray(value) && value.every((v) => matches(v, cond));
      default: {
        // Relations only filters use (a project's teams) live under `_name` and are left out of responses.
        const field = value?.[key] !== undefined ? value[key] : value?.[`_${key}`];
        return matches(field ?? null, cond);
      }
    }
  });
}

/** A Relay connection page: `after` is the id of the last node seen, as Linear's cursors are. */
export function connection<T extends { id: string }>(all: T[], vars: Json) {
  const start = vars.after ? all.findIndex((n) => n.id === vars.after) + 1 : 0;
  const first = typeof vars.first === 'number' ? vars.first : 50;
  const nodes = all.slice(start, start + first);
  return {
    nodes,
    pageInfo: { hasNextPage: start + first < all.length, hasPreviousPage: start > 0, startCursor: nodes[0]?.id ?? null, endCursor: nodes.at(-1)?.id ?? null },
  };
}

/** Drops the filter-only `_` fields from a response. */
export const serialize = (body: unknown) => JSON.stringify(body, (key, value) => (key.startsWith('_') ? undefined : value));
