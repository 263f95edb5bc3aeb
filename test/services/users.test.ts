/** Users as the CLI and the API create and find them. */
import { afterAll, describe, expect, it } from 'vitest';
import { createUser, findUserByEmail, listUsers, requireUser } from '../../lib/services/users.ts';
import { createServiceDeps } from '../helpers/service-deps.ts';

const deps = createServiceDeps();
afterAll(() => deps.store.close());

describe('users service', () => {
  it('creates a user with the email trimmed and lower-cased, and lists users oldest first', async () => {
    const ada = await createUser(deps, { email: '  Ada@Example.com ', name: 'Ada' });
    const bob = await createUser(deps, { email: 'bob@example.com' });
    expect(ada).toMatchObject({ email: 'ada@example.com', name: 'Ada' });
    expect(bob.name).toBeNull();
    expect((await listUsers(deps)).map((u) => u.email)).toEqual(['ada@example.com', 'bob@example.com']);
  });

  it('refuses a taken email as conflict and a malformed one as invalid', async () => {
    await expect(createUser(deps, { email: 'ADA@example.com' })).rejects.toMatchObject({ code: 'conflict', message: 'A user with email ada@example.com already exists.' });
    await expect(createUser(deps, { email: 'not-an-email' })).rejects.toMatchObject({ code: 'invalid', message: '"not-an-email" is not an email address.' });
  });

  it('finds a user by email, or says how to create one', async () => {
    expect((await findUserByEmail(deps, 'Ada@example.com')).email).toBe('ada@example.com');
    await expect(findUserByEmail(deps, 'nobody@example.com')).rejects.toMatchObject({ code: 'not_found', message: 'No user with email nobody@example.com. Create one with `npx mcphub users create --email nobody@example.com`.' });
    await expect(requireUser(deps, 'no-such-id')).rejects.toMatchObject({ code: 'not_found' });
  });
});
