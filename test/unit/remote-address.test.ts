/**
 * The SSRF guard of remote MCP servers (lib/remote/address.ts) and their URL
 * check (lib/remote/url.ts): which addresses are refused, that a name is
 * checked after DNS on every request (a rebinding name is refused once it
 * points inward), and that redirects are followed only on the same origin,
 * each hop checked again.
 */
import { describe, expect, it } from 'vitest';
import { BlockedTargetError, blockedAddressReason, guardedFetch } from '../../lib/remote/address.ts';
import { parseRemoteUrl } from '../../lib/remote/url.ts';

describe('blockedAddressReason', () => {
  it('refuses loopback, private, CGNAT, link-local, ULA, multicast, reserved and IPv4 inside IPv6', () => {
    for (const address of ['127.0.0.1', '127.255.0.9', '10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.0.10', '100.64.0.1', '100.100.100.200', '169.254.169.254', '0.0.0.0', '224.0.0.1', '255.255.255.255', '198.18.0.1',
      '::1', '::', 'fe80::1', 'fd00:ec2::254', 'fc00::1', 'ff02::1', '::ffff:127.0.0.1', '::ffff:10.0.0.1', '64:ff9b::a9fe:a9fe', '2002:a9fe:a9fe::1', '::127.0.0.1', '::7f00:1', '::8.8.8.8', '::ffff:0:127.0.0.1', '::ffff:0:a9fe:a9fe']) {
      expect(blockedAddressReason(address), address).not.toBeNull();
    }
  });

  it('allows public addresses', () => {
    for (const address of ['93.184.216.34', '8.8.8.8', '172.32.0.1', '100.128.0.1', '2606:4700::1111', '::ffff:8.8.8.8', '::ffff:0:8.8.8.8']) expect(blockedAddressReason(address), address).toBeNull();
  });
});

describe('guardedFetch', () => {
  const answer = (status: number, location?: string) => new Response(status === 200 ? 'ok' : null, { status, headers: location ? { location } : {} });

  it('resolves the name on every request, so a name rebound to loopback is refused on the next one', async () => {
    const answers = [['93.184.216.34'], ['127.0.0.1']];
    const requested: string[] = [];
    const guarded = guardedFetch((async (url: URL) => (requested.push(String(url)), answer(200))) as typeof fetch, { allowPrivate: false, lookup: async () => answers.shift()! });
    expect((await guarded('https://mcp.example.test/mcp')).status).toBe(200);
    await expect(guarded('https://mcp.example.test/mcp')).rejects.toThrow(/resolves to 127\.0\.0\.1, a loopback address/);
    expect(requested).toHaveLength(1);
  });

  it('follows a same-origin redirect after checking it, and refuses one to another origin (a metadata address, say)', async () => {
    const seen: string[] = [];
    const base = (async (url: URL, init?: RequestInit) => {
      seen.push(`${init?.method ?? 'GET'} ${url.pathname}`);
      if (url.pathname === '/old') return answer(308, '/mcp');
      if (url.pathname === '/away') return answer(302, 'http://169.254.169.254/latest/meta-data');
      return answer(200);
    }) as typeof fetch;
    const guarded = guardedFetch(base, { allowPrivate: false, lookup: async () => ['93.184.216.34'] });
    expect((await guarded('https://mcp.example.test/old', { method: 'POST', body: '{}' })).status).toBe(200);
    expect(seen).toEqual(['POST /old', 'POST /mcp']);
    const error = await guarded('https://mcp.example.test/away').catch((e: Error) => e);
    expect(error).toBeInstanceOf(BlockedTargetError);
    expect((error as Error).message).toMatch(/redirected to http:\/\/169\.254\.169\.254.*same origin/);
  });

  it('checks nothing when private targets are allowed', async () => {
    const guarded = guardedFetch((async (_url: URL) => answer(200)) as typeof fetch, { allowPrivate: true, lookup: async () => { throw new Error('no lookup expected'); } });
    expect((await guarded('http://127.0.0.1:9/mcp')).status).toBe(200);
  });
});

describe('parseRemoteUrl', () => {
  it('takes http and https URLs and drops the fragment', () => {
    const parsed = parseRemoteUrl(' https://mcp.example.com/mcp#x ');
    expect(parsed.ok && parsed.url.href).toBe('https://mcp.example.com/mcp');
  });

  it('refuses other schemes, credentials in the URL, non-URLs and over-long ones, naming the fix', () => {
    const reason = (text: string) => {
      const parsed = parseRemoteUrl(text);
      return parsed.ok ? 'ok' : parsed.reason;
    };
    expect(reason('file:///etc/passwd')).toMatch(/http or https/);
    expect(reason('https://me:secret@mcp.example.com/')).toMatch(/bearer token or custom headers/);
    expect(reason('mcp.example.com')).toMatch(/not a URL/);
    expect(reason(`https://example.com/${'a'.repeat(3_000)}`)).toMatch(/longer than 2048/);
    expect(reason('')).toMatch(/Give the MCP server's URL/);
  });
});
