/**
 * Browser tests: Debian's Chromium driven by playwright-core (no browser
 * download: playwright's own builds cannot be fetched here). `ensureChromium`
 * installs the `chromium` package when it is missing and we are root (as
 * postgres-server.ts does for PostgreSQL); otherwise browser tests skip with
 * `chromiumMissing`, saying what to install. Each test gets a fresh browser
 * context and one page; `screenshot` saves what the README shows (SCREENSHOTS).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];
/**
 * Where screenshots go: the README's copies in docs/screenshots when asked
 * (`UPDATE_SCREENSHOTS=1 npm test -- test/browser`), else .test-data/screenshots
 * (ignored by git), so an ordinary test run leaves the tree as it was.
 */
export const SCREENSHOTS = fileURLToPath(new URL(process.env.UPDATE_SCREENSHOTS === '1' ? '../../docs/screenshots/' : '../../.test-data/screenshots/', import.meta.url));
/** DESIGN.md facts (playwright adds --headless and a fresh profile dir itself): a machine with no GPU, no network beyond loopback, and nothing Chromium would fetch on its own. */
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export const findChromium = (): string | null => CANDIDATES.find((path) => existsSync(path)) ?? null;

/** Installs Debian's chromium (~40 s) when missing and we are root; returns its path, or null when it stays missing. */
export function ensureChromium(): string | null {
  const found = findChromium();
  if (found || process.getuid?.() !== 0) return found;
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [['update'], ['install', '-y', '--no-install-recommends', 'chromium']]) {
    const result = spawnSync('apt-get', args, { stdio: ['ignore', 2, 2], env, timeout: 10 * 60_000 });
    if (result.status !== 0) return null;
  }
  return findChromium();
}

/** Why browser tests are skipped, or null when they can run. */
export function chromiumMissing(): string | null {
  return findChromium() ? null : 'Chromium not found at /usr/bin/chromium: install it with `sudo apt-get install chromium` (npm test installs it when run as root)';
}

export interface TestBrowser {
  browser: Browser;
  /** A fresh context (no cookies from another test) with one page, at `baseURL`. */
  newPage(baseURL: string): Promise<Page>;
  close(): Promise<void>;
}

export async function launchBrowser(): Promise<TestBrowser> {
  const executablePath = findChromium();
  if (!executablePath) throw new Error(chromiumMissing()!);
  const browser = await chromium.launch({ executablePath, headless: true, args: FLAGS, timeout: 20_000 });
  const contexts: BrowserContext[] = [];
  return {
    browser,
    async newPage(baseURL) {
      const context = await browser.newContext({ baseURL, viewport: { width: 1200, height: 800 } });
      contexts.push(context);
      context.setDefaultTimeout(10_000);
      return context.newPage();
    },
    async close() {
      await Promise.all(contexts.map((context) => context.close()));
      await browser.close();
    },
  };
}

/** The page's own alerts: Next.js also keeps a route announcer with that role, which reads out each new page's title. */
export const alerts = (page: Page) => page.locator('[role="alert"]:not(#__next-route-announcer__)');

/** Saves a full-page screenshot as <SCREENSHOTS>/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
