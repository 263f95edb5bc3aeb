/** Accepting an invite link (`/invite?token=…`): the invited person sets their name and password and is signed in. */
'use client';
import { useSearchParams } from 'next/navigation';
import { Suspense } from 'react';
import { AuthForm, useLinkToken } from '../../../_components/auth-form.tsx';
import { Field } from '../../../_components/field.tsx';
import { MissingToken } from '../../../_components/missing-token.tsx';
import { api } from '../../../_lib/api.ts';
import { text } from '../../../_lib/use-submit.ts';

function Accept() {
  const token = useLinkToken(useSearchParams());
  if (token === null) return <MissingToken what="invite" fix="Open the whole link you were sent, or ask for a new one." />;
  return (
    <AuthForm submitLabel="Accept the invite" busyLabel="Creating your account…" send={(form) => api.invites.accept.post({ token, name: text(form, 'name') || null, password: text(form, 'password') })}>
      <Field label="Name" name="name" autoComplete="name" hint="Optional." />
      <Field label="Password" name="password" type="password" autoComplete="new-password" required />
    </AuthForm>
  );
}

export default function InvitePage() {
  return (
    <>
      <h1 className="mb-2 text-2xl font-semibold">You are invited</h1>
      <p className="mb-6 text-gray-600">Choose a password for your MCP Hub account.</p>
      <Suspense>
        <Accept />
      </Suspense>
    </>
  );
}
