/**
 * Steps the dashboard browser tests take the way a person does, on the pages
 * themselves (labels and roles, never test ids): creating the admin from the
 * setup link, going to a page from the nav, creating a key and copying it,
 * connecting GitHub with a token. Each checks what the page answered.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

export const ADMIN_PASSWORD = 'correct horse battery staple';

/**
 * `expect.poll` for what a page shows, waiting as long as playwright's own
 * actions do (launchBrowser's 10 s): on a busy machine hashing a password or
 * rendering a page can take seconds, past expect.poll's default 1 s.
 */
export const waitFor = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 10_000 });

/** Opens the setup link and creates the admin, who lands on Integrations signed in. */
export async function createAdminFromSetupLink(page: Page, hubUrl: string, setupLink: string, email = 'admin@example.com'): Promise<void> {
  await page.goto(setupLink);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Name').fill('Ada Admin');
  await page.getByLabel('Password').fill(ADMIN_PASSWORD);
  await page.getByRole('button', { name: 'Create the admin account' }).click();
  await page.waitForURL(`${hubUrl}/integrations`);
}

/** The dashboard's nav. */
export const nav = (page: Page) => page.getByRole('navigation', { name: 'Dashboard' });

/** Clicks a page's link in the nav and waits for that page's heading. */
export async function goTo(page: Page, link: string, heading = link): Promise<void> {
  await nav(page).getByRole('link', { name: link, exact: true }).click();
  await waitFor(() => page.getByRole('heading', { level: 1, name: heading, exact: true }).isVisible()).toBe(true);
}

/** What the page put on the clipboard (the context must have clipboard-read). */
export const clipboard = (page: Page): Promise<string> => page.evaluate(() => navigator.clipboard.readText());

/** On API keys: creates a key with this name and copies it with the page's copy button; returns what the clipboard holds. */
export async function createAndCopyKey(page: Page, name: string): Promise<string> {
  await goTo(page, 'API keys');
  await page.getByLabel('Key name').fill(name);
  await page.getByRole('button', { name: 'Create key' }).click();
  await waitFor(() => page.getByRole('textbox', { name: 'The new key' }).isVisible()).toBe(true);
  await page.getByRole('button', { name: 'Copy the new key' }).click();
  await waitFor(() => page.getByText('Copied', { exact: true }).isVisible()).toBe(true);
  const key = await clipboard(page);
  expect(key).toMatch(/^mcp_sk_/);
  expect(key).toBe(await page.getByRole('textbox', { name: 'The new key' }).inputValue());
  return key;
}

/** On Integrations: connects GitHub with a token the fake accepts as `login`, and waits for the page to say whose it is. */
export async function connectGitHub(page: Page, token: string, login: string): Promise<void> {
  await goTo(page, 'Integrations');
  await page.getByLabel('GitHub personal access token').fill(token);
  await page.getByRole('button', { name: 'Connect GitHub' }).click();
  await waitFor(() => page.getByText(`Connected as ${login}`).isVisible()).toBe(true);
}

/** The rows of a table the page names by its caption, header row first, each as its cells' text joined by " | ". */
export const rowTexts = (page: Page, caption: string): Promise<string[]> =>
  page
    .getByRole('table', { name: caption })
    .getByRole('row')
    .evaluateAll((rows) => rows.map((row) => [...row.children].map((cell) => cell.textContent?.trim() ?? '').join(' | ')));

/** Clicks a download button and returns the file the browser saved, with its suggested name. */
export async function downloadFrom(page: Page, button: string): Promise<{ name: string; text: string }> {
  const [saved] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: button }).click()]);
  return { name: saved.suggestedFilename(), text: readFileSync((await saved.path())!, 'utf8') };
}
