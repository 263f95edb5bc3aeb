/** The bridge's pure parts: flags and environment, failure wording, redaction, and what it forwards. */
import { ProtocolError, SdkError, SdkHttpError, SdkErrorCode, UnauthorizedError } from '@modelcontextprotocol/client';
import { describe, expect, it } from 'vitest';
import { forwardedParams } from '../../client/src/bridge.ts';
import { NetworkError, classifyFailure, describeFailure, networkReason } from '../../client/src/failures.ts';
import { createLog, keyLabel, redact } from '../../client/src/log.ts';
import { DEFAULT_HUB_URL, OptionsError, isKeySafeOnTheWire, parseHubUrl, parseOptions } from '../../client/src/options.ts';

const KEY = 'mcp_sk_' + 'a1B2c3'.repeat(7) + 'x';

describe('parseOptions', () => {
  it('reads flags, falls back to the environment, and defaults to the local hub', () => {
    expect(parseOptions(['--token', KEY], {})).toEqual({ kind: 'run', options: { token: KEY, url: new URL(DEFAULT_HUB_URL), headers: {}, verbose: false } });
    const fromEnv = parseOptions([], { MCPHUB_TOKEN: KEY, MCPHUB_URL: 'https://hub.example.com/mcp' });
    expect(fromEnv).toMatchObject({ kind: 'run', options: { token: KEY, url: new URL('https://hub.example.com/mcp') } });
    const flagsWin = parseOptions(['--token', KEY, '--url', 'http://127.0.0.1:9999/mcp'], { MCPHUB_TOKEN: 'mcp_sk_other', MCPHUB_URL: 'https://x/mcp' });
    expect(flagsWin).toMatchObject({ options: { token: KEY, url: new URL('http://127.0.0.1:9999/mcp') } });
  });

  it('takes repeatable headers and refuses the ones it sets itself', () => {
    expect(parseOptions(['--token', KEY, '--header', 'X-Team: infra', '--header', 'X-Trace:1'], {})).toMatchObject({ options: { headers: { 'X-Team': 'infra', 'X-Trace': '1' } } });
    expect(() => parseOptions(['--token', KEY, '--header', 'authorization: Bearer x'], {})).toThrow(/pass the key with --token/);
    expect(() => parseOptions(['--token', KEY, '--header', 'Mcp-Session-Id: 1'], {})).toThrow(/set by mcphub-client itself/);
    expect(() => parseOptions(['--token', KEY, '--header', 'bad name: 1'], {})).toThrow(/is not "Name: value"/);
  });

  it('answers --help and --version before checking anything else', () => {
    expect(parseOptions(['--help'], {})).toEqual({ kind: 'help' });
    expect(parseOptions(['-h'], {})).toEqual({ kind: 'help' });
    expect(parseOptions(['--version'], {})).toEqual({ kind: 'version' });
  });

  it('names the problem and the fix, and never repeats a key', () => {
    const failures: Array<[string[], RegExp]> = [
      [[], /No API key\. Pass --token/],
      [['--token', 'mcp_sk_short'], /cut short/],
      [['--token', 'sk-live-123'], /hub keys start with mcp_sk_/],
      [['--token'], /argument missing/],
      [['--verbose=yes', '--token', KEY], /does not take an argument/],
      [[KEY], /Put the key right after --token/],
      [['--tokn', KEY], /Unknown option '--tokn'/],
      // the command it suggests must run as printed: `keys create` refuses a missing --name
      [[], /keys create --user \S+ --name \S+/],
      [['--token', 'sk-live-123'], /keys create --user \S+ --name \S+/],
    ];
    for (const [argv, message] of failures) {
      let error: unknown;
      try {
        parseOptions(argv, {});
      } catch (caught) {
        error = caught;
      }
      expect(error, argv.join(' ')).toBeInstanceOf(OptionsError);
      expect((error as Error).message).toMatch(message);
      expect((error as Error).message).not.toContain(KEY);
    }
  });
});

describe('parseHubUrl', () => {
  it('accepts the endpoint or a bare origin, and refuses what cannot be a hub', () => {
    expect(parseHubUrl('http://127.0.0.1:8787').href).toBe('http://127.0.0.1:8787/mcp');
    expect(parseHubUrl(' https://hub.example.com/custom/mcp ').href).toBe('https://hub.example.com/custom/mcp');
    expect(() => parseHubUrl('hub.example.com')).toThrow(/is not a URL/);
    expect(() => parseHubUrl('ws://hub/mcp')).toThrow(/must start with http/);
    expect(() => parseHubUrl('https://me:pw@hub/mcp')).toThrow(/user name or password/);
  });

  it('knows when the key would cross the network in the clear', () => {
    expect(isKeySafeOnTheWire(new URL('http://127.0.0.1:8787/mcp'))).toBe(true);
    expect(isKeySafeOnTheWire(new URL('http://localhost:8787/mcp'))).toBe(true);
    expect(isKeySafeOnTheWire(new URL('http://127.0.0.2:8787/mcp'))).toBe(true);
    expect(isKeySafeOnTheWire(new URL('https://hub.example.com/mcp'))).toBe(true);
    expect(isKeySafeOnTheWire(new URL('http://hub.example.com/mcp'))).toBe(false);
  });
});

describe('failures', () => {
  const url = new URL('http://127.0.0.1:8787/mcp');

  it('classifies what the SDK throws', () => {
    expect(classifyFailure(new Error('wrapped', { cause: new NetworkError('connection refused') }))).toEqual({ kind: 'unreachable', reason: 'connection refused' });
    expect(classifyFailure(new UnauthorizedError())).toEqual({ kind: 'rejected' });
    expect(classifyFailure(new SdkHttpError(SdkErrorCode.ClientHttpNotImplemented, 'nope', { status: 404 } as never))).toEqual({ kind: 'not-mcp', status: 404 });
    expect(classifyFailure(new SdkHttpError(SdkErrorCode.ClientHttpNotImplemented, 'down', { status: 503 } as never))).toEqual({ kind: 'hub-error', status: 503 });
    expect(classifyFailure(new ProtocolError(-32602, 'Unknown tool'))).toBeUndefined();
    expect(classifyFailure(new SdkError(SdkErrorCode.RequestTimeout, 'Request timed out'))).toEqual({ kind: 'unreachable', reason: 'no answer in time' });
  });

  it('turns socket error codes into words', () => {
    expect(networkReason(new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } }))).toBe('connection refused');
    expect(networkReason(new TypeError('fetch failed', { cause: { code: 'ENOTFOUND' } }))).toBe('host not found');
    expect(networkReason(new TypeError('fetch failed', { cause: { code: 'ERR_TLS_CERT_ALTNAME_INVALID' } }))).toBe('TLS error (ERR_TLS_CERT_ALTNAME_INVALID)');
  });

  it('says what to do', () => {
    expect(describeFailure({ kind: 'unreachable', reason: 'connection refused' }, url)).toMatch(/not reachable at http:\/\/127\.0\.0\.1:8787\/mcp \(connection refused\)\. Start it with `npm start`/);
    expect(describeFailure({ kind: 'unreachable', reason: 'host not found' }, new URL('https://hub.example.com/mcp'))).toMatch(/Check that the hub is running and that --url is right/);
    expect(describeFailure({ kind: 'rejected' }, url)).toMatch(/rejected the API key.*npx mcphub keys create/);
    expect(describeFailure({ kind: 'rejected' }, url)).toMatch(/keys create --user \S+ --name \S+/);
    expect(describeFailure({ kind: 'not-mcp', status: 404 }, url)).toMatch(/answered HTTP 404.*Point --url at the hub's MCP endpoint/);
    expect(describeFailure({ kind: 'hub-error', status: 500 }, url)).toMatch(/answered HTTP 500: the hub itself failed\. Its log \(the terminal running `npm start`\) says why; this client retries by itself/);
  });
});

describe('log', () => {
  it('shows a key only by its display prefix', () => {
    expect(keyLabel(KEY)).toBe(`${KEY.slice(0, 13)}…`);
    expect(redact(`bad key ${KEY} here`)).toBe(`bad key ${KEY.slice(0, 13)}… here`);
    expect(redact(keyLabel(KEY))).toBe(keyLabel(KEY));
    const lines: string[] = [];
    const log = createLog({ verbose: false, write: (line) => lines.push(line) });
    log.debug(`secret ${KEY}`);
    log.info(`using ${KEY}`);
    expect(lines).toEqual([`[mcphub-client] using ${KEY.slice(0, 13)}…\n`]);
  });
});

describe('forwardedParams', () => {
  it("drops the AI client's progress token and envelope, keeps its other _meta, and adds the log level", () => {
    const params = {
      name: 'github__get_me',
      arguments: {},
      _meta: { progressToken: 7, 'io.modelcontextprotocol/protocolVersion': '2026-07-28', traceparent: '00-abc-01' },
    };
    expect(forwardedParams(params, 'warning')).toEqual({
      name: 'github__get_me',
      arguments: {},
      _meta: { traceparent: '00-abc-01', 'io.modelcontextprotocol/logLevel': 'warning' },
    });
    expect(forwardedParams(undefined, 'info')).toEqual({ _meta: { 'io.modelcontextprotocol/logLevel': 'info' } });
  });
});
