/** A password reset link (`/reset?token=…`, from `mcphub users …`): a new password, then sign in with it. */
'use client';
import { useSearchParams } from 'next/navigation';
import { Suspense } from 'react';
import { AuthForm, useLinkToken } from '../../../_components/auth-form.tsx';
import { Field } from '../../../_components/field.tsx';
import { MissingToken } from '../../../_components/missing-token.tsx';
import { api } from '../../../_lib/api.ts';
import { text } from '../../../_lib/use-submit.ts';

function Reset() {
  const token = useLinkToken(useSearchParams());
  if (token === null) return <MissingToken what="reset" fix="Open the whole link, or ask your hub's admin for a new one." />;
  return (
    <AuthForm submitLabel="Set the new password" busyLabel="Setting the password…" next="/sign-in" send={(form) => api['password-reset'].post({ token, password: text(form, 'password') })}>
      <Field label="New password" name="password" type="password" autoComplete="new-password" required />
    </AuthForm>
  );
}

export default function ResetPage() {
  return (
    <>
      <h1 className="mb-6 text-2xl font-semibold">Choose a new password</h1>
      <Suspense>
        <Reset />
      </Suspense>
    </>
  );
}
