/**
 * The in-process executor keeps opened credentials for a while instead of
 * running AES-GCM on every call (lib/gateway/executor.ts). What it keeps must
 * never stand in for another row: a re-sealed token is the new token, and a
 * sealed value presented for another user is still refused, even right after
 * its owner's call put it in the cache.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import github from '../../integrations/github/index.ts';
import { credentialContext, createSealer } from '../../lib/crypto/seal.ts';
import { createInProcessExecutor } from '../../lib/gateway/executor.ts';
import { createLogger } from '../../lib/log.ts';
import { createRegistry } from '../../lib/mcp/registry.ts';
import { remoteHints } from '../../lib/server/hints.ts';
import { DEFAULT_LIMITS } from '../../lib/server/limits.ts';
import { startFakeGitHub, type FakeGitHub } from '../helpers/fake-github.ts';

const FIRST = 'ghp_credentialReuseFirst0000000000000001';
const ROTATED = 'ghp_credentialReuseRotated00000000000002';
let fake: FakeGitHub;

beforeAll(() => {
  fake = startFakeGitHub();
  fake.tokens.set(FIRST, 'alice');
  fake.tokens.set(ROTATED, 'alice-rotated');
});
afterAll(() => fake.close());

describe('opened credentials reused across calls', () => {
  it('serves the token of the row given: a rotated token at once, and nothing for a row presented as another user', async () => {
    const sealer = createSealer(randomBytes(32));
    const executor = createInProcessExecutor({ sealer, apiUrls: { github: fake.url }, timeoutMs: 5_000, maxUpstreamBytes: DEFAULT_LIMITS.maxUpstreamBytes, hints: remoteHints(), logger: createLogger({ level: 'silent' }) });
    const entry = createRegistry([github]).resolve('github__get_me')!;
    const call = (userId: string, sealedCredential: string) => executor.execute({ entry, args: {}, userId, sealedCredential, settings: {}, signal: new AbortController().signal });
    const login = (run: Awaited<ReturnType<typeof call>>) => (run.result.structuredContent as { login?: string } | undefined)?.login;

    const alices = sealer.seal(FIRST, credentialContext('usr_alice', 'github'));
    expect(login(await call('usr_alice', alices))).toBe('alice');
    expect(login(await call('usr_alice', alices))).toBe('alice');

    const stolen = await call('usr_mallory', alices);
    expect(stolen.outcome).toBe('not_enabled');
    expect(stolen.result.content[0]).toMatchObject({ text: expect.stringMatching(/could not be opened/) });

    expect(login(await call('usr_alice', sealer.seal(ROTATED, credentialContext('usr_alice', 'github'))))).toBe('alice-rotated');
  });
});
