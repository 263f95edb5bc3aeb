/**
 * `mcphub integrations enable` as a person runs it (the CLI as its own
 * process on a temp data dir), with GitHub pointed at the GitHub-shaped fake:
 * the token is checked with `GET /user` before it is stored, a refusal exits
 * 1 with GitHub's reason, and `--no-verify` stores it unchecked when GitHub
 * cannot be reached.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeGitHub, type FakeGitHub } from '../helpers/fake-github.ts';
import { freePort, runCli } from '../helpers/hub-process.ts';

const TOKEN = 'ghp_cliVerifyToken00000000000000000000001';
const WRONG = 'ghp_cliWrongToken000000000000000000000001';
const EMAIL = 'ada@example.com';

let github: FakeGitHub;
let dataDir: string;
let env: Record<string, string>;
const cli = (args: string[], stdin?: string, extra: Record<string, string> = {}) => runCli(args, { ...env, ...extra }, stdin);
const enabled = async () => (JSON.parse((await cli(['integrations', 'list', '--user', EMAIL, '--json'])).stdout) as Array<{ slug: string; enabled: boolean }>).find((r) => r.slug === 'github')!.enabled;

beforeAll(async () => {
  github = startFakeGitHub();
  github.tokens.set(TOKEN, 'octocat');
  dataDir = mkdtempSync(join(tmpdir(), 'mcphub-cli-verify-'));
  env = { MCPHUB_DATA_DIR: dataDir, MCPHUB_GITHUB_API_URL: github.url, HOME: dataDir };
  expect((await cli(['users', 'create', '--email', EMAIL])).code).toBe(0);
});
afterAll(async () => {
  await github.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('mcphub integrations enable checks the credential first', () => {
  it('refuses a token GitHub rejects: exit 1, GitHub\'s reason and where to get a token, nothing stored, the token not echoed', async () => {
    const result = await cli(['integrations', 'enable', 'github', '--user', EMAIL, '--token-stdin'], `${WRONG}\n`);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('The GitHub token was rejected (401: Bad credentials). Nothing was stored. Create a fine-grained or classic token at https://github.com/settings/tokens');
    expect(result.stderr + result.stdout).not.toContain(WRONG);
    expect(await enabled()).toBe(false);
  });

  it('says how to store it unchecked when GitHub cannot be reached, and --no-verify does', async () => {
    const offline = { MCPHUB_GITHUB_API_URL: `http://127.0.0.1:${await freePort()}` };
    const refused = await cli(['integrations', 'enable', 'github', '--user', EMAIL, '--token-stdin'], `${TOKEN}\n`, offline);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('Could not reach GitHub');
    expect(refused.stderr).toContain(`integrations enable github --user ${EMAIL} --token-stdin --no-verify\``);
    expect(await enabled()).toBe(false);
    const unchecked = await cli(['integrations', 'enable', 'github', '--user', EMAIL, '--token-stdin', '--no-verify'], `${TOKEN}\n`, offline);
    expect(unchecked.code).toBe(0);
    expect(unchecked.stdout).toContain('credential not checked: --no-verify');
    expect(await enabled()).toBe(true);
  });

  it('stores a token GitHub accepts and names the account', async () => {
    const result = await cli(['integrations', 'enable', 'github', '--user', EMAIL, '--token-stdin'], `${TOKEN}\n`);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Enabled GitHub for ada@example\.com as octocat \(\d+ tools\)\./);
    expect(github.requests.at(-1)).toMatchObject({ method: 'GET', path: '/user', token: TOKEN });
  });

  it('documents --no-verify in its usage', async () => {
    const help = await cli(['integrations', '--help']);
    expect(help.stdout).toContain('[--no-verify]');
    expect(help.stdout).toContain('--no-verify stores it unchecked');
  });
});
