/**
 * Replacing a remote server's credential (a rotated token, new headers): the
 * hub checks the server accepts it before storing it, and says why not.
 */
'use client';
import { useState } from 'react';
import { Field } from '../../_components/field.tsx';
import { api } from '../../_lib/api.ts';
import { text, useSubmit } from '../../_lib/use-submit.ts';
import { parseHeaders } from './add-server-form.tsx';

type Kind = 'none' | 'bearer' | 'headers';

export function CredentialForm({ slug, onDone }: { slug: string; onDone: () => void }) {
  const [kind, setKind] = useState<Kind>('bearer');
  const save = useSubmit(
    (form) =>
      api['remote-servers']({ slug }).credential.put({
        credentialKind: kind,
        ...(kind === 'bearer' && { token: text(form, 'token') }),
        ...(kind === 'headers' && { headers: parseHeaders(text(form, 'headers')) }),
      }),
    onDone,
  );
  return (
    <form method="post" onSubmit={save.onSubmit} aria-label={`New credential for ${slug}`} className="mt-3 flex flex-col gap-2 rounded border border-gray-200 p-3">
      <fieldset className="flex gap-4">
        <legend className="sr-only">Credential kind</legend>
        {(
          [
            ['none', 'None'],
            ['bearer', 'Bearer token'],
            ['headers', 'Custom headers'],
          ] as const
        ).map(([value, label]) => (
          <label key={value} className="flex items-center gap-1">
            <input type="radio" name="kind" value={value} checked={kind === value} onChange={() => setKind(value)} />
            {label}
          </label>
        ))}
      </fieldset>
      {kind === 'bearer' && <Field label="New token" name="token" type="password" required maxLength={4_096} autoComplete="off" spellCheck={false} />}
      {kind === 'headers' && (
        <div className="flex flex-col gap-1">
          <label htmlFor={`headers-${slug}`} className="font-medium">
            New headers
          </label>
          <textarea id={`headers-${slug}`} name="headers" required rows={3} spellCheck={false} className="rounded border border-gray-300 px-3 py-2 font-mono text-sm" placeholder="X-Api-Key: …" />
        </div>
      )}
      {save.error && (
        <p role="alert" className="rounded border border-red-300 bg-red-50 p-3 text-sm text-red-900">
          {save.error}
        </p>
      )}
      <button type="submit" disabled={save.pending || !save.ready} className="self-start rounded bg-gray-900 px-3 py-1 font-medium text-white disabled:opacity-60">
        {save.pending ? 'Checking the server…' : 'Save the new credential'}
      </button>
    </form>
  );
}
