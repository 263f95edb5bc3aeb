/**
 * The first account: opened from the one-time link `npm start` prints
 * (`/setup?token=…`), it creates the admin and signs them in.
 */
'use client';
import { useSearchParams } from 'next/navigation';
import { Suspense } from 'react';
import { AuthForm, useLinkToken } from '../../../_components/auth-form.tsx';
import { Field } from '../../../_components/field.tsx';
import { MissingToken } from '../../../_components/missing-token.tsx';
import { api } from '../../../_lib/api.ts';
import { text } from '../../../_lib/use-submit.ts';

function Setup() {
  const token = useLinkToken(useSearchParams());
  if (token === null) return <MissingToken what="setup" fix="Open the link the hub printed when it started (restarting it prints a new one while no account exists)." />;
  return (
    <AuthForm
      submitLabel="Create the admin account"
      busyLabel="Creating the account…"
      send={(form) => api.setup.post({ token, email: text(form, 'email'), name: text(form, 'name') || null, password: text(form, 'password') })}
    >
      <Field label="Email" name="email" type="email" autoComplete="email" required />
      <Field label="Name" name="name" autoComplete="name" hint="Optional: how the dashboard greets you." />
      <Field label="Password" name="password" type="password" autoComplete="new-password" required />
    </AuthForm>
  );
}

export default function SetupPage() {
  return (
    <>
      <h1 className="mb-2 text-2xl font-semibold">Set up MCP Hub</h1>
      <p className="mb-6 text-gray-600">Create the first account. It is the admin: it can invite other people.</p>
      <Suspense>
        <Setup />
      </Suspense>
    </>
  );
}
