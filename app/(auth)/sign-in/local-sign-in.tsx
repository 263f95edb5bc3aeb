/** Signing in to a local account with email and password; the hub sets the session cookie. */
'use client';
import { AuthForm } from '../../_components/auth-form.tsx';
import { Field } from '../../_components/field.tsx';
import { api } from '../../_lib/api.ts';
import { text } from '../../_lib/use-submit.ts';

/** `next`: where to go once signed in (a local path, checked by the page). */
export function LocalSignIn({ next }: { next: string }) {
  return (
    <>
      <AuthForm submitLabel="Sign in" busyLabel="Signing in…" next={next} send={(form) => api.session.post({ email: text(form, 'email'), password: text(form, 'password') })}>
        <Field label="Email" name="email" type="email" autoComplete="email" required />
        <Field label="Password" name="password" type="password" autoComplete="current-password" required />
      </AuthForm>
      <p className="mt-6 text-sm text-gray-600">Forgot your password? Ask your hub&apos;s admin for a reset link.</p>
    </>
  );
}
