/**
 * `mcphub config` as a person runs it: the real CLI in its own process, with
 * its own (never created) data dir. It prints the entry for an AI client and
 * refuses bad input with the fix, without opening the store.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/hub-process.ts';

const KEY = `mcp_sk_${'A'.repeat(43)}`;
const scratch = mkdtempSync(join(tmpdir(), 'mcphub-config-'));
const dataDir = join(scratch, 'data');
const tarball = join(scratch, 'my packages', 'mcphub-client-0.1.0.tgz');
/** The runner's environment minus anything that would change the hub's address or data dir. */
const env: Record<string, string> = {
  ...Object.fromEntries(Object.entries(process.env).filter((entry): entry is [string, string] => entry[1] !== undefined && !entry[0].startsWith('MCPHUB_') && entry[0] !== 'PORT' && entry[0] !== 'HOST')),
  MCPHUB_DATA_DIR: dataDir,
};

const config = (args: string[], extraEnv: Record<string, string> = {}) => runCli(['config', ...args], { ...env, ...extraEnv });

/** Every pretty-printed JSON object in the text output, in order: lines from a top-level "{" to its "}". */
function jsonBlocks(text: string): unknown[] {
  return [...text.matchAll(/^\{\n[\s\S]*?\n\}$/gm)].map((match) => JSON.parse(match[0]));
}

/** The default entry installs the bridge from the hub it points at (the package is not on npm): `--url`'s origin, else this machine's hub. */
const stdioArgs = (...extra: string[]) => {
  const origin = extra[0] === '--url' ? new URL(extra[1]!).origin : 'http://127.0.0.1:8787';
  return ['-y', `--package=${origin}/client/mcphub-client-0.1.0.tgz`, 'mcphub-client', '--token', KEY, ...extra];
};
const bearer = { Authorization: `Bearer ${KEY}` };

beforeAll(() => {
  // Only the tarball's existence is checked; a space in its folder is what Windows users often have.
  mkdirSync(join(tarball, '..'), { recursive: true });
  writeFileSync(tarball, 'not a real tarball');
});

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('text output', () => {
  it('claude: the stdio entry, where the file is, how to merge and restart, and the URL-and-header pair', async () => {
    const { code, stdout, stderr } = await config(['claude', '--key', KEY]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(jsonBlocks(stdout)).toStrictEqual([{ mcpServers: { mcphub: { command: 'npx', args: stdioArgs() } } }]);
    expect(stdout).toContain('~/Library/Application Support/Claude/claude_desktop_config.json');
    expect(stdout).toContain('%APPDATA%\\Claude\\claude_desktop_config.json');
    expect(stdout).toContain('already has an "mcpServers" object, add the "mcphub" entry inside it');
    expect(stdout).toContain('quit Claude Desktop completely');
    expect(stdout).toContain('2025 protocol still get tool-list updates live');
    expect(stdout).toContain('  URL:     http://127.0.0.1:8787/mcp');
    expect(stdout).toContain(`  Header:  Authorization: Bearer ${KEY}`);
    expect(stdout).toContain('Claude Desktop extension, with no file to edit: download http://127.0.0.1:8787/client/mcphub.mcpb, open it');
    expect(stdout).not.toContain('Warning');
  });

  it('cursor and vscode: an install link that carries no key', async () => {
    for (const [client, prefix] of [['cursor', 'cursor://anysphere.cursor-deeplink/mcp/install?name=mcphub&config='], ['vscode', 'vscode:mcp/install?']] as const) {
      const { code, stdout } = await config([client, '--key', KEY]);
      expect(code).toBe(0);
      const link = stdout.split('\n').find((line) => line.startsWith(`  ${prefix}`))!.trim();
      const decoded = client === 'cursor' ? Buffer.from(decodeURIComponent(link.slice(prefix.length)), 'base64').toString('utf8') : decodeURIComponent(link.slice(prefix.length));
      expect(JSON.parse(decoded)).toMatchObject({ command: 'npx', args: stdioArgs().filter((arg) => arg !== '--token' && arg !== KEY) });
      expect(decoded).not.toContain(KEY);
    }
  });

  it('cursor: the stdio entry and the direct HTTP entry, both valid JSON', async () => {
    const { code, stdout } = await config(['cursor', '--key', KEY]);
    expect(code).toBe(0);
    expect(jsonBlocks(stdout)).toStrictEqual([
      { mcpServers: { mcphub: { command: 'npx', args: stdioArgs() } } },
      { mcpServers: { mcphub: { url: 'http://127.0.0.1:8787/mcp', headers: bearer } } },
    ]);
    expect(stdout).toContain('.cursor/mcp.json');
    expect(stdout).toContain('~/.cursor/mcp.json');
  });

  it('vscode: typed stdio and http servers under "servers"', async () => {
    const { code, stdout } = await config(['vscode', '--key', KEY]);
    expect(code).toBe(0);
    expect(jsonBlocks(stdout)).toStrictEqual([
      { servers: { mcphub: { type: 'stdio', command: 'npx', args: stdioArgs() } } },
      { servers: { mcphub: { type: 'http', url: 'http://127.0.0.1:8787/mcp', headers: bearer } } },
    ]);
    expect(stdout).toContain('.vscode/mcp.json');
    expect(stdout).toContain('MCP: Open User Configuration');
  });

  it('--windows runs npx through cmd and says to keep a tarball path in one args element', async () => {
    const { code, stdout } = await config(['claude', '--key', KEY, '--windows', '--package', tarball]);
    expect(code).toBe(0);
    expect(jsonBlocks(stdout)).toStrictEqual([{ mcpServers: { mcphub: { command: 'cmd', args: ['/c', 'npx', '-y', `--package=${tarball}`, 'mcphub-client', '--token', KEY] } } }]);
    expect(stdout).toContain('"cmd /c"');
    expect(stdout).toContain('as one args element');
  });

  it('warns when plain HTTP would carry the key to another machine', async () => {
    const { code, stdout } = await config(['cursor', '--key', KEY, '--url', 'http://10.0.0.5:8787']);
    expect(code).toBe(0);
    expect(jsonBlocks(stdout)[0]).toStrictEqual({ mcpServers: { mcphub: { command: 'npx', args: stdioArgs('--url', 'http://10.0.0.5:8787/mcp') } } });
    expect(stdout).toContain('Warning: http://10.0.0.5:8787 is plain HTTP to another machine, so the key crosses the network unencrypted.');
  });
});

describe('--json', () => {
  it('prints only the primary entry, ready to redirect into the file', async () => {
    const { code, stdout, stderr } = await config(['cursor', '--key', KEY, '--json']);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(JSON.parse(stdout)).toStrictEqual({ mcpServers: { mcphub: { command: 'npx', args: stdioArgs() } } });
    expect(stdout).toBe(JSON.stringify(JSON.parse(stdout), null, 2) + '\n');
  });

  it('vscode with a custom URL: a bare origin gets /mcp', async () => {
    const { code, stdout } = await config(['vscode', '--key', KEY, '--url', 'https://hub.example.com', '--json']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toStrictEqual({ servers: { mcphub: { type: 'stdio', command: 'npx', args: stdioArgs('--url', 'https://hub.example.com/mcp') } } });
  });

  it('a registry spec replaces the package; a tarball is run by its absolute path and bin', async () => {
    const named = await config(['claude', '--key', KEY, '--package', '@mcphub/client@0.1.0', '--json']);
    expect(JSON.parse(named.stdout)).toStrictEqual({ mcpServers: { mcphub: { command: 'npx', args: ['-y', '@mcphub/client@0.1.0', '--token', KEY] } } });
    const packed = await config(['claude', '--key', KEY, '--package', tarball, '--json']);
    expect(JSON.parse(packed.stdout)).toStrictEqual({ mcpServers: { mcphub: { command: 'npx', args: ['-y', `--package=${tarball}`, 'mcphub-client', '--token', KEY] } } });
  });

  it('keeps stdout pure JSON and puts the plain-HTTP warning on stderr', async () => {
    const { code, stdout, stderr } = await config(['claude', '--key', KEY, '--url', 'http://hub.example.com/mcp', '--json']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toStrictEqual({ mcpServers: { mcphub: { command: 'npx', args: stdioArgs('--url', 'http://hub.example.com/mcp') } } });
    expect(stderr).toContain('crosses the network unencrypted');
  });
});

describe('default URL', () => {
  it('follows PORT, and a wildcard HOST is reached through loopback', async () => {
    const { code, stdout } = await config(['claude', '--key', KEY, '--json'], { PORT: '9999', HOST: '0.0.0.0' });
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toStrictEqual({ mcpServers: { mcphub: { command: 'npx', args: stdioArgs('--url', 'http://127.0.0.1:9999/mcp') } } });
  });

  it('PORT=0 has no fixed URL: refused, asking for --url', async () => {
    const { code, stderr } = await config(['claude', '--key', KEY], { PORT: '0' });
    expect(code).toBe(1);
    expect(stderr).toContain('Pass --url');
  });
});

describe('refusals', () => {
  it('an unknown or missing client is bad usage, listing the clients', async () => {
    for (const args of [['claud', '--key', KEY], ['--key', KEY]]) {
      const { code, stdout, stderr } = await config(args);
      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toContain('claude, cursor, vscode');
      expect(stderr).toContain('Usage:\n  mcphub config claude|cursor|vscode --key K');
    }
  });

  it('a missing or malformed key is bad usage that says how to create one, and never echoes the value', async () => {
    for (const args of [['claude'], ['claude', '--key', 'mcp_sk_tooShort123'], ['claude', '--key', 'sk-live-123']]) {
      const { code, stdout, stderr } = await config(args);
      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toContain('npx mcphub keys create --user you@example.com --name laptop');
      expect(stderr).not.toContain('tooShort123');
    }
  });

  it('a key given without --key is not printed back', async () => {
    const { code, stderr } = await config(['claude', KEY]);
    expect(code).toBe(2);
    expect(stderr).not.toContain(KEY);
  });

  it('a URL that is not http(s) is bad usage', async () => {
    for (const url of ['not a url', 'ftp://hub.example.com/mcp', 'https://me:pw@hub.example.com/mcp']) {
      const { code, stderr } = await config(['claude', '--key', KEY, '--url', url]);
      expect(code).toBe(2);
      expect(stderr).toContain('--url');
    }
  });

  it('a tarball that does not exist is refused with its absolute path', async () => {
    const missing = join(scratch, 'missing.tgz');
    const { code, stdout, stderr } = await config(['claude', '--key', KEY, '--package', missing]);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain(`--package ${missing} does not exist`);
  });

  it('a --package that is neither a package name nor a path is bad usage', async () => {
    const { code, stderr } = await config(['claude', '--key', KEY, '--package=--yes']);
    expect(code).toBe(2);
    expect(stderr).toContain('--package must be an npm package name');
  });
});

it('opens no store: the data dir is never created', () => {
  expect(existsSync(dataDir)).toBe(false);
});
