/** What dashboard paths answer while the dashboard is not being served (lib/server/dashboard/index.ts): a page that says why, never a hang. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { createDashboard } from '../../lib/server/dashboard/index.ts';
import { createLogger } from '../../lib/log.ts';

const roots: string[] = [];
afterEach(() => roots.splice(0).forEach((root) => rmSync(root, { recursive: true, force: true })));

/** A project with pages but no `next` package installed. */
function projectWithoutNext(): string {
  const root = mkdtempSync(join(tmpdir(), 'mcphub-dash-states-'));
  roots.push(root);
  mkdirSync(join(root, 'app'));
  writeFileSync(join(root, 'app', 'layout.tsx'), 'export default 1;');
  writeFileSync(join(root, 'package.json'), '{}');
  return root;
}

it('before it has started, a page answers 503 that reloads itself, saying /mcp works meanwhile', async () => {
  const dashboard = createDashboard({ root: projectWithoutNext(), logger: createLogger({ level: 'silent' }), print: () => {}, env: {} });
  const answer = await dashboard.handle(new Request('http://127.0.0.1:8787/integrations'));
  expect(answer.status).toBe(503);
  expect(answer.headers.get('refresh')).toBe('3');
  expect(answer.headers.get('retry-after')).toBe('3');
  expect(await answer.text()).toContain('/mcp, works meanwhile');
});

it('when it cannot start, start() says why without throwing, the terminal hears it in one line, and pages stop reloading', async () => {
  const printed: string[] = [];
  const dashboard = createDashboard({ root: projectWithoutNext(), logger: createLogger({ level: 'silent' }), print: (line) => printed.push(line), env: {} });
  const result = await dashboard.start();
  expect(result).toEqual({ ok: false, reason: expect.stringContaining('the next package is not installed; run npm install') });
  expect(printed.at(-1)).toMatch(/^The dashboard could not start \(the build failed: the next package is not installed; run npm install in the project\); \/mcp works\./);
  const answer = await dashboard.handle(new Request('http://127.0.0.1:8787/'));
  expect(answer.status).toBe(503);
  expect(answer.headers.get('refresh')).toBeNull();
  // The page says it failed, not the build output: that stays in the log and the terminal.
  expect(await answer.text()).not.toContain('npm install');
  await dashboard.stop();
});
