/**
 * `/logs`: the signed-in user's call log — filtered pages, one call, the
 * live tail as server-sent events, and what the log keeps (arguments or not,
 * for how long) — over lib/services/logs.ts. The tail takes the list's
 * filters, so the Logs page's live rows match what it lists. Another user's
 * call reads as not found.
 */
import { Elysia, sse, t } from 'elysia';
import { changeCallLogSettings, getCall, listCalls, readCallLogSettings, tailCalls } from '../services/logs.ts';
import { ARGUMENT_RETENTION_DAYS, USAGE_OUTCOMES, type UsageEvent } from '../store/port.ts';
import type { TailItem } from '../usage/call-tail.ts';
import { apiBase } from './base.ts';
import { actingAs, type ApiDeps } from './deps.ts';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, Page, errors } from './http.ts';

/** A comment line this often keeps an idle tail open through proxies and the server's idle timeout. */
const KEEP_ALIVE_MS = 15_000;

const Call = t.Object({
  id: t.String(),
  keyId: t.String(),
  integration: t.Union([t.String(), t.Null()]),
  tool: t.String(),
  outcome: t.UnionEnum(USAGE_OUTCOMES),
  billable: t.Boolean(),
  totalMs: t.Number(),
  upstreamMs: t.Number(),
  bytesIn: t.Number(),
  bytesOut: t.Number(),
  at: t.Number(),
  client: t.Union([t.String(), t.Null()]),
  /** The text the model saw when the call failed. */
  error: t.Union([t.String(), t.Null()]),
  /** Redacted JSON, only while the user keeps arguments. */
  arguments: t.Union([t.String(), t.Null()]),
});
type Call = typeof Call.static;

const callView = (call: UsageEvent): Call => ({
  id: call.id,
  keyId: call.keyId,
  integration: call.integration,
  tool: call.tool,
  outcome: call.outcome,
  billable: call.billable,
  totalMs: call.totalMs,
  upstreamMs: call.upstreamMs,
  bytesIn: call.bytesIn,
  bytesOut: call.bytesOut,
  at: call.at,
  client: call.client ?? null,
  error: call.error ?? null,
  arguments: call.arguments ?? null,
});

const Time = (name: string, what: string) => t.Optional(t.Integer({ minimum: 0, description: `"${name}", a time in ms since 1970 (UTC): ${what}` }));
const Filter = (max: number) => t.Optional(t.String({ minLength: 1, maxLength: max }));

/** The filters the list and the live tail share, so a filtered page and its tail agree. */
const CallFilters = {
  since: Time('since', 'calls from then on'),
  until: Time('until', 'calls before then'),
  integration: Filter(64),
  tool: Filter(128),
  keyId: Filter(100),
  // Not t.UnionEnum: Elysia would fill a missing query value with its first member.
  outcome: t.Optional(t.Union(USAGE_OUTCOMES.map((o) => t.Literal(o)), { description: `one of ${USAGE_OUTCOMES.join(', ')}` })),
  client: Filter(128),
  text: Filter(200),
};

const CallLogSettings = t.Object({ storeArguments: t.Boolean(), argumentRetentionDays: t.Integer() });

/**
 * The tail as SSE events: `ready` at once (Elysia starts the response at the
 * first event, and it tells the page the tail is live), `call` with each new
 * call, `dropped` with how many a slow reader missed, and `ping` comments'
 * stand-in while nothing happens.
 */
async function* tailEvents(tail: AsyncIterableIterator<TailItem> & { close(): void }) {
  const iterator = tail[Symbol.asyncIterator]();
  let pending = iterator.next();
  try {
    yield sse({ event: 'ready', data: '' });
    for (;;) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const tick = new Promise<'tick'>((resolve) => (timer = setTimeout(() => resolve('tick'), KEEP_ALIVE_MS)));
      const next = await Promise.race([pending, tick]);
      clearTimeout(timer);
      if (next === 'tick') {
        yield sse({ event: 'ping', data: '' });
        continue;
      }
      if (next.done) return;
      pending = iterator.next();
      yield next.value.kind === 'call' ? sse({ event: 'call', data: callView(next.value.call) }) : sse({ event: 'dropped', data: { count: next.value.count } });
    }
  } finally {
    tail.close();
  }
}

export function logRoutes(deps: ApiDeps) {
  return new Elysia()
    .use(apiBase(deps))
    .get('/logs', async ({ me, query }) => {
      const { limit = DEFAULT_PAGE_SIZE, ...filters } = query;
      const page = await listCalls(deps.services, { userId: me.user.id, ...filters, limit });
      return { items: page.calls.map(callView), nextCursor: page.cursor };
    }, {
      signedIn: true,
      query: t.Object({
        limit: t.Optional(t.Integer({ minimum: 1, maximum: MAX_PAGE_SIZE, description: `"limit", a whole number from 1 to ${MAX_PAGE_SIZE} (default ${DEFAULT_PAGE_SIZE})` })),
        cursor: Filter(500),
        ...CallFilters,
      }),
      response: { 200: Page(Call), ...errors },
    })
    .get('/logs/settings', ({ me }) => readCallLogSettings(deps.services, { userId: me.user.id }), { signedIn: true, response: { 200: CallLogSettings, ...errors } })
    .patch('/logs/settings', ({ me, body }) => changeCallLogSettings(actingAs(deps, me), { userId: me.user.id, ...body }), {
      signedIn: true,
      body: t.Object({
        storeArguments: t.Optional(t.Boolean()),
        argumentRetentionDays: t.Optional(t.Integer({ minimum: ARGUMENT_RETENTION_DAYS.min, maximum: ARGUMENT_RETENTION_DAYS.max, description: `a whole number of days from ${ARGUMENT_RETENTION_DAYS.min} to ${ARGUMENT_RETENTION_DAYS.max}` })),
      }),
      response: { 200: CallLogSettings, ...errors },
    })
    .get('/logs/stream', async function* ({ me, query }) {
      yield* tailEvents(await tailCalls(deps.services, { userId: me.user.id, filter: query }));
    }, { signedIn: true, query: t.Object(CallFilters) })
    .get('/logs/:id', async ({ me, params }) => callView(await getCall(deps.services, { userId: me.user.id, id: params.id })), {
      signedIn: true,
      params: t.Object({ id: t.String({ minLength: 1, maxLength: 100 }) }),
      response: { 200: Call, ...errors },
    });
}
