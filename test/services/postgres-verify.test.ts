/** PostgreSQL credentials checked against a real server (test/helpers/postgres-server.ts) before they are stored: the role and database, a wrong password, a missing database, a server that is not there. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enableIntegration } from '../../lib/services/integrations.ts';
import { createUser } from '../../lib/services/users.ts';
import type { User } from '../../lib/store/port.ts';
import { freePort } from '../helpers/hub-process.ts';
import { startPostgres, type PostgresServer } from '../helpers/postgres-server.ts';
import { createServiceDeps } from '../helpers/service-deps.ts';

const deps = createServiceDeps();
let server: PostgresServer;
let ada: User;
const enable = (credential: string) => enableIntegration(deps, { userId: ada.id, slug: 'postgres', credential, verify: true });
const stored = async () => (await deps.store.listConnections(ada.id)).find((c) => c.slug === 'postgres' && c.enabled);

beforeAll(async () => {
  server = await startPostgres();
  ada = await createUser(deps, { email: 'ada@example.com' });
});
afterAll(async () => {
  await server.stop();
  await deps.store.close();
});

describe('PostgreSQL credential verification', () => {
  it('a wrong password is credential_rejected with the server\'s reason, without the password; nothing is stored', async () => {
    const refusal = enable(server.url('reader', { password: 'not-the-password-31' }));
    await expect(refusal).rejects.toMatchObject({ code: 'credential_rejected', message: expect.stringMatching(/PostgreSQL rejected the login \(password authentication failed for user "hub_reader"\)/) });
    await refusal.catch((error: Error) => expect(error.message).not.toContain('not-the-password-31'));
    expect(await stored()).toBeUndefined();
  });

  it('a database that does not exist is credential_rejected', async () => {
    await expect(enable(server.url('reader', { database: 'nope' }))).rejects.toMatchObject({ code: 'credential_rejected', message: expect.stringContaining('does not exist') });
    expect(await stored()).toBeUndefined();
  });

  it('a server that is not there is upstream_unreachable, with how to store it unchecked', async () => {
    const port = await freePort();
    await expect(enable(`postgres://hub_reader:pw@127.0.0.1:${port}/shop`)).rejects.toMatchObject({ code: 'upstream_unreachable', message: expect.stringContaining('--no-verify') });
    expect(await stored()).toBeUndefined();
  });

  it('a working connection string is stored, connected as role@host:port/database', async () => {
    const enabled = await enable(server.url('reader'));
    expect(enabled.account).toEqual({ label: `hub_reader@127.0.0.1:${server.port}/shop` });
    expect(await stored()).toBeDefined();
  });
});
