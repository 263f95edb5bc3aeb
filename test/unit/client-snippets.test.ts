/** The config entries `mcphub config` prints, for every client and option, compared as exact JSON. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  AI_CLIENTS,
  BRIDGE_DEFAULT_URL,
  BRIDGE_VERSION,
  bridgeLaunch,
  hubBridge,
  httpEndpoint,
  httpSnippet,
  isAiClient,
  localHubUrl,
  sendsKeyInTheClear,
  stdioSnippet,
  type AiClient,
  type BridgeSource,
} from '../../lib/clients/snippets.ts';

const KEY = `mcp_sk_${'A'.repeat(43)}`;
const CUSTOM_URL = 'https://hub.example.com/mcp';
const TARBALL = '/opt/my packages/mcphub-client-0.1.0.tgz';

const BRIDGES: Record<'name' | 'tarball', { bridge: BridgeSource; args: string[] }> = {
  name: { bridge: { kind: 'registry', spec: '@mcphub/client' }, args: ['@mcphub/client'] },
  tarball: { bridge: { kind: 'tarball', path: TARBALL }, args: [`--package=${TARBALL}`, 'mcphub-client'] },
};
const URLS: Record<'default' | 'custom', { url: string; args: string[] }> = {
  default: { url: BRIDGE_DEFAULT_URL, args: [] },
  custom: { url: CUSTOM_URL, args: ['--url', CUSTOM_URL] },
};

/** Every combination of client × platform × URL × bridge source. */
const MATRIX = AI_CLIENTS.flatMap((client) =>
  (['posix', 'windows'] as const).flatMap((platform) =>
    (['default', 'custom'] as const).flatMap((url) => (['name', 'tarball'] as const).map((bridge) => ({ client, platform, url, bridge }))),
  ),
);

describe('stdioSnippet', () => {
  it.each(MATRIX)('$client, $platform, $url URL, package by $bridge', ({ client, platform, url, bridge }) => {
    const npxArgs = ['-y', ...BRIDGES[bridge].args, '--token', KEY, ...URLS[url].args];
    const launch = platform === 'windows' ? { command: 'cmd', args: ['/c', 'npx', ...npxArgs] } : { command: 'npx', args: npxArgs };
    const expected = client === 'vscode' ? { servers: { mcphub: { type: 'stdio', ...launch } } } : { mcpServers: { mcphub: launch } };

    const snippet = stdioSnippet(client, { key: KEY, url: URLS[url].url, bridge: BRIDGES[bridge].bridge, windows: platform === 'windows' });

    expect(snippet).toStrictEqual(expected);
    // What the person pastes is JSON: it must survive the round trip unchanged.
    expect(JSON.parse(JSON.stringify(snippet))).toStrictEqual(expected);
  });

  it('gives Claude Desktop the documented entry, written out in full', () => {
    expect(stdioSnippet('claude', { key: KEY, url: BRIDGE_DEFAULT_URL, bridge: BRIDGES.name.bridge, windows: false })).toStrictEqual({
      mcpServers: { mcphub: { command: 'npx', args: ['-y', '@mcphub/client', '--token', KEY] } },
    });
  });

  it('gives VS Code a typed stdio server under "servers", through cmd on Windows', () => {
    expect(stdioSnippet('vscode', { key: KEY, url: 'http://127.0.0.1:9999/mcp', bridge: BRIDGES.tarball.bridge, windows: true })).toStrictEqual({
      servers: {
        mcphub: {
          type: 'stdio',
          command: 'cmd',
          args: ['/c', 'npx', '-y', `--package=${TARBALL}`, 'mcphub-client', '--token', KEY, '--url', 'http://127.0.0.1:9999/mcp'],
        },
      },
    });
  });

  it('keeps a Windows tarball path with spaces as one args element, backslashes escaped only by JSON', () => {
    const path = 'C:\\Users\\Jo Doe\\Downloads\\mcphub-client-0.1.0.tgz';
    const { args } = bridgeLaunch({ key: KEY, url: BRIDGE_DEFAULT_URL, bridge: { kind: 'tarball', path }, windows: true });
    expect(args).toStrictEqual(['/c', 'npx', '-y', `--package=${path}`, 'mcphub-client', '--token', KEY]);
    expect(JSON.stringify(args[3])).toBe('"--package=C:\\\\Users\\\\Jo Doe\\\\Downloads\\\\mcphub-client-0.1.0.tgz"');
  });

  it('passes a registry spec with a version through as the package to run', () => {
    const { args } = bridgeLaunch({ key: KEY, url: BRIDGE_DEFAULT_URL, bridge: { kind: 'registry', spec: '@mcphub/client@0.1.0' }, windows: false });
    expect(args).toStrictEqual(['-y', '@mcphub/client@0.1.0', '--token', KEY]);
  });

  it('repeats --url for any URL that is not exactly the bridge default', () => {
    const { args } = bridgeLaunch({ key: KEY, url: 'http://localhost:8787/mcp', bridge: BRIDGES.name.bridge, windows: false });
    expect(args).toStrictEqual(['-y', '@mcphub/client', '--token', KEY, '--url', 'http://localhost:8787/mcp']);
  });
});

describe('httpSnippet', () => {
  const cases: Array<{ client: AiClient; url: string; expected: unknown }> = (['default', 'custom'] as const).flatMap((name) => {
    const url = URLS[name].url;
    const endpoint = { url, headers: { Authorization: `Bearer ${KEY}` } };
    return [
      { client: 'claude' as const, url, expected: endpoint },
      { client: 'cursor' as const, url, expected: { mcpServers: { mcphub: { url, headers: { Authorization: `Bearer ${KEY}` } } } } },
      { client: 'vscode' as const, url, expected: { servers: { mcphub: { type: 'http', url, headers: { Authorization: `Bearer ${KEY}` } } } } },
    ];
  });

  it.each(cases)('$client at $url', ({ client, url, expected }) => {
    expect(httpSnippet(client, { key: KEY, url })).toStrictEqual(expected);
  });

  it('is the same whatever the platform: nothing is spawned', () => {
    expect(httpEndpoint({ key: KEY, url: CUSTOM_URL })).toStrictEqual({ url: CUSTOM_URL, headers: { Authorization: `Bearer ${KEY}` } });
  });
});

describe('isAiClient', () => {
  it('knows exactly claude, cursor and vscode', () => {
    expect(AI_CLIENTS).toStrictEqual(['claude', 'cursor', 'vscode']);
    for (const client of AI_CLIENTS) expect(isAiClient(client)).toBe(true);
    for (const other of ['', 'Claude', 'code', 'windsurf', 'constructor', 'toString']) expect(isAiClient(other)).toBe(false);
  });
});

describe('localHubUrl', () => {
  it('is the bridge default for the default listen address', () => {
    expect(localHubUrl({ host: '127.0.0.1', port: 8787 })).toBe(BRIDGE_DEFAULT_URL);
  });

  it('reaches a wildcard bind through loopback', () => {
    expect(localHubUrl({ host: '0.0.0.0', port: 9000 })).toBe('http://127.0.0.1:9000/mcp');
    expect(localHubUrl({ host: '::', port: 9000 })).toBe('http://[::1]:9000/mcp');
  });

  it('keeps a named host and brackets an IPv6 address', () => {
    expect(localHubUrl({ host: 'localhost', port: 8787 })).toBe('http://localhost:8787/mcp');
    expect(localHubUrl({ host: '192.168.1.20', port: 80 })).toBe('http://192.168.1.20:80/mcp');
    expect(localHubUrl({ host: 'fe80::1', port: 8787 })).toBe('http://[fe80::1]:8787/mcp');
  });
});

describe('sendsKeyInTheClear', () => {
  it('is false for https anywhere and for http on this machine', () => {
    for (const url of ['https://hub.example.com/mcp', 'http://127.0.0.1:8787/mcp', 'http://127.1.2.3/mcp', 'http://localhost:8787/mcp', 'http://app.localhost/mcp', 'http://[::1]:8787/mcp']) {
      expect(sendsKeyInTheClear(new URL(url)), url).toBe(false);
    }
  });

  it('is true for http to another machine', () => {
    for (const url of ['http://hub.example.com/mcp', 'http://10.0.0.5:8787/mcp', 'http://[fe80::1]:8787/mcp', 'http://127.example.com/mcp']) {
      expect(sendsKeyInTheClear(new URL(url)), url).toBe(true);
    }
  });
});

describe('the bridge the hub serves', () => {
  it("is named by client/package.json's version, so the URL in an entry is the tarball npm pack makes", () => {
    const { version } = JSON.parse(readFileSync(new URL('../../client/package.json', import.meta.url), 'utf8')) as { version: string };
    expect(BRIDGE_VERSION).toBe(version);
  });

  it("installs from the hub's own origin whatever the endpoint's path, and runs the bin by name", () => {
    const bridge = hubBridge('https://hub.example.com:8443/mcp');
    expect(bridge).toEqual({ kind: 'url', url: `https://hub.example.com:8443/client/mcphub-client-${BRIDGE_VERSION}.tgz` });
    expect(bridgeLaunch({ key: KEY, url: 'https://hub.example.com:8443/mcp', bridge, windows: false }).args.slice(0, 3)).toEqual(['-y', `--package=${bridge.kind === 'url' && bridge.url}`, 'mcphub-client']);
  });
});
