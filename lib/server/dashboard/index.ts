/**
 * The dashboard on the hub's own origin (issue 12, "one command"): the hub is
 * the front — it already has the edge — and passes every path that is not
 * its own (paths.ts) to a `next start` child on loopback (next-server.ts),
 * after building the app if the build is missing or stale (build.ts). The
 * hub listens first and serves /mcp at once; until the dashboard is up its
 * pages answer 503 with what is happening, and if it cannot start they say
 * it failed while /mcp keeps working.
 */
import { fileURLToPath } from 'node:url';
import type { Logger } from '../../log.ts';
import type { Handler } from '../edge/index.ts';
import { escapeHtml } from '../html-page.ts';
import { ensureBuilt } from './build.ts';
import { startNextServer, type NextServer } from './next-server.ts';
import { proxyTo } from './proxy.ts';

/** The project the hub runs from: where app/ and the build live. */
export const PROJECT_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
/** How often a waiting page reloads itself. */
const REFRESH_SECONDS = 3;

export interface DashboardOptions {
  logger: Logger;
  /** Lines for the person at the terminal (serve.ts's banner printer). */
  print: (text: string) => void;
  /** Environment of the build and server processes (lib/env.ts `dashboardProcessEnv`). */
  env: Record<string, string | undefined>;
  root?: string;
}

export interface Dashboard {
  /** Answers a dashboard path: proxied once the server is up, a 503 page until then or after a failure. */
  handle: Handler;
  /** Builds if needed and starts the server; resolves when it serves, or with the reason it cannot (never rejects). */
  start(): Promise<{ ok: true } | { ok: false; reason: string }>;
  stop(): Promise<void>;
}

type State = { kind: 'idle' } | { kind: 'building' } | { kind: 'starting' } | { kind: 'ready'; forward: Handler } | { kind: 'failed' };

/** A plain page for the time the dashboard is not served; it says what to do and that /mcp works meanwhile. */
function notServing(title: string, detail: string, refresh: boolean, status = 503): Response {
  const body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>MCP Hub: ${escapeHtml(title)}</title></head><body><main><h1>${escapeHtml(title)}</h1><p>${escapeHtml(detail)}</p><p>The MCP endpoint, /mcp, works meanwhile.</p></main></body></html>`;
  return new Response(body, {
    status,
    headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', ...(refresh && { refresh: String(REFRESH_SECONDS), 'retry-after': String(REFRESH_SECONDS) }) },
  });
}

export function createDashboard({ logger, print, env, root = PROJECT_ROOT }: DashboardOptions): Dashboard {
  let state: State = { kind: 'idle' };
  let server: NextServer | null = null;
  let stopped = false;
  // Stopping the hub mid-build stops the build too, rather than waiting ~20 s for it.
  const building = new AbortController();
  let started: ReturnType<Dashboard['start']> | null = null;

  const fail = (what: string, error: unknown) => {
    const wasServing = state.kind === 'ready';
    state = { kind: 'failed' };
    const reason = `${what}: ${(error as Error).message}`;
    logger.error('dashboard unavailable', { reason });
    // The first line names the cause (the build's tail, if any, is in the log).
    print(`The dashboard ${wasServing ? 'stopped' : 'could not start'} (${reason.split('\n')[0]}); /mcp works. Fix the cause and restart npm start; the hub's log has the details.`);
    return reason;
  };

  async function run(): Promise<{ ok: true } | { ok: false; reason: string }> {
    state = { kind: 'building' };
    try {
      await ensureBuilt(root, { env, signal: building.signal, onBuildStart: (need) => print(`Building the dashboard (${need === 'missing' ? 'first start' : 'its sources changed'}, ~20 s)…`) });
    } catch (error) {
      if (stopped) return { ok: false, reason: 'stopped' };
      return { ok: false, reason: fail('the build failed', error) };
    }
    if (stopped) return { ok: false, reason: 'stopped' };
    state = { kind: 'starting' };
    try {
      server = await startNextServer(root, env);
    } catch (error) {
      return { ok: false, reason: fail('the Next.js server did not start', error) };
    }
    if (stopped) {
      await server.stop();
      return { ok: false, reason: 'stopped' };
    }
    state = { kind: 'ready', forward: proxyTo(server.origin) };
    void server.exited.then((reason) => {
      if (!stopped) fail('the Next.js server stopped', new Error(reason));
    });
    print('Dashboard ready.');
    logger.info('dashboard ready', { next: server.origin });
    return { ok: true };
  }

  return {
    async handle(request) {
      switch (state.kind) {
        case 'ready':
          return state.forward(request).catch((error: unknown) => {
            if (request.signal.aborted) throw error;
            logger.warn('dashboard request failed', { path: new URL(request.url).pathname, reason: (error as Error).message });
            return notServing('The dashboard did not answer', 'Reload the page; if it keeps failing, the terminal running npm start says why.', false, 502);
          });
        case 'failed':
          return notServing('The dashboard is not available', 'It could not start; the terminal running npm start says why, and restarting after fixing it brings it back.', false);
        case 'building':
          return notServing('Building the dashboard', 'The first start builds the dashboard (about 20 s). This page reloads by itself.', true);
        default:
          return notServing('The dashboard is starting', 'This page reloads by itself.', true);
      }
    },
    start: () => (started ??= run()),
    async stop() {
      stopped = true;
      building.abort();
      await started;
      await server?.stop();
    },
  };
}
