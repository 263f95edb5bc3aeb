/** When `npm start` builds the dashboard (lib/server/dashboard/build.ts): with no build, with sources changed since it, and never when fresh. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { buildNeed, sourceFingerprint } from '../../lib/server/dashboard/build.ts';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'mcphub-dash-build-'));
  mkdirSync(join(root, 'app', '(dashboard)', 'keys'), { recursive: true });
  writeFileSync(join(root, 'app', 'layout.tsx'), 'export default 1;');
  writeFileSync(join(root, 'app', '(dashboard)', 'keys', 'page.tsx'), 'export default 2;');
  writeFileSync(join(root, 'package-lock.json'), '{}');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** What a finished build leaves: Next's BUILD_ID and the fingerprint of the sources it was built from. */
function finishBuild() {
  mkdirSync(join(root, '.next'), { recursive: true });
  writeFileSync(join(root, '.next', 'BUILD_ID'), 'x');
  writeFileSync(join(root, '.next', 'mcphub-build-inputs'), sourceFingerprint(root));
}

it('a project never built needs a build (first start)', () => {
  expect(buildNeed(root)).toBe('missing');
});

it('a build from the current sources is used as it is', () => {
  finishBuild();
  expect(buildNeed(root)).toBeNull();
});

it('a page edited, added, or a dependency changed since the build makes it stale', () => {
  finishBuild();
  writeFileSync(join(root, 'app', '(dashboard)', 'keys', 'page.tsx'), 'export default 3;');
  expect(buildNeed(root)).toBe('stale');
  finishBuild();
  writeFileSync(join(root, 'app', 'new-page.tsx'), 'export default 4;');
  expect(buildNeed(root)).toBe('stale');
  finishBuild();
  writeFileSync(join(root, 'package-lock.json'), '{"next":"17"}');
  expect(buildNeed(root)).toBe('stale');
});

it('a build left by another tool (no fingerprint) is rebuilt once, not trusted', () => {
  mkdirSync(join(root, '.next'));
  writeFileSync(join(root, '.next', 'BUILD_ID'), 'x');
  expect(buildNeed(root)).toBe('stale');
});

it('files outside the build inputs do not make it stale', () => {
  finishBuild();
  mkdirSync(join(root, 'lib', 'gateway'), { recursive: true });
  writeFileSync(join(root, 'lib', 'gateway', 'handler.ts'), 'export {};');
  writeFileSync(join(root, 'README.md'), '# hub');
  expect(buildNeed(root)).toBeNull();
});
