/** The account page's sections (page.tsx picks them): the profile, the browsers signed in to a local account, and deleting the account. */
'use client';
import { useRouter } from 'next/navigation';
import { Field } from '../../_components/field.tsx';
import { View } from '../../_components/states.tsx';
import { api } from '../../_lib/api.ts';
import { useLoad } from '../../_lib/use-load.ts';
import { text, useSubmit } from '../../_lib/use-submit.ts';

export function Profile() {
  const [loaded, retry] = useLoad(() => api.account.get());
  return (
    <section aria-labelledby="profile" className="mb-8">
      <h2 id="profile" className="mb-3 text-lg font-semibold">Profile</h2>
      <View loaded={loaded} retry={retry} what="your profile" isEmpty={() => false} empty={null}>
        {(me) => (
          <dl className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-1">
            <dt className="text-gray-600">Email</dt>
            <dd>{me.email}</dd>
            <dt className="text-gray-600">Name</dt>
            <dd>{me.name ?? '—'}</dd>
            <dt className="text-gray-600">Role</dt>
            <dd>{me.role}</dd>
          </dl>
        )}
      </View>
    </section>
  );
}

/** The hub sessions of a local account, and ending them all. */
export function Sessions() {
  const router = useRouter();
  const [loaded, retry] = useLoad(() => api.account.sessions.get({ query: {} }));
  const everywhere = useSubmit(() => api.account.sessions.delete(), () => router.replace('/sign-in'));
  return (
    <section aria-labelledby="sessions" className="mb-8">
      <h2 id="sessions" className="mb-3 text-lg font-semibold">Signed-in browsers</h2>
      <View loaded={loaded} retry={retry} what="your sessions" isEmpty={(page) => page.items.length === 0} empty="No browser is signed in.">
        {(page) => (
          <ul className="mb-3 flex flex-col gap-1">
            {page.items.map((session) => (
              <li key={session.id}>
                {session.userAgent ?? 'Unknown browser'}, last active {new Date(session.lastSeenAt).toLocaleString()}
                {session.current && ' (this browser)'}
              </li>
            ))}
          </ul>
        )}
      </View>
      <form onSubmit={everywhere.onSubmit}>
        {everywhere.error && <p role="alert">{everywhere.error}</p>}
        <button type="submit" disabled={everywhere.pending} className="rounded border border-gray-300 bg-white px-3 py-1.5">
          Sign out everywhere
        </button>
      </form>
    </section>
  );
}

export function DeleteAccount() {
  const router = useRouter();
  const remove = useSubmit((form) => api.account.delete({ confirmEmail: text(form, 'confirmEmail') }), () => router.replace('/sign-in'));
  return (
    <section aria-labelledby="delete" className="rounded border border-red-200 bg-white p-4">
      <h2 id="delete" className="mb-2 text-lg font-semibold">Delete your account</h2>
      <p className="mb-3 text-gray-700">This removes your keys, connections, usage and logs. It cannot be undone.</p>
      <form onSubmit={remove.onSubmit} className="flex flex-col gap-3">
        <Field label="Type your email to confirm" name="confirmEmail" type="email" autoComplete="off" required />
        {remove.error && (
          <p role="alert" className="text-red-900">
            {remove.error}
          </p>
        )}
        <button type="submit" disabled={remove.pending} className="self-start rounded bg-red-700 px-4 py-2 font-medium text-white">
          Delete my account
        </button>
      </form>
    </section>
  );
}
