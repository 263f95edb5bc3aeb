/**
 * The "Add MCP server" form: URL, slug and the credential (none, a bearer
 * token, custom headers one per line as `Name: value`, or the server's own
 * OAuth sign-in). The hub lists the server's tools before storing anything
 * and answers why it could not (refused credential, unreachable, a private
 * address on a hosted hub); for OAuth it sends the browser to sign in.
 */
'use client';
import { useState } from 'react';
import { CheckboxField, Field } from '../../_components/field.tsx';
import { api, type EdenResult } from '../../_lib/api.ts';
import { text, useSubmit } from '../../_lib/use-submit.ts';

type Kind = 'none' | 'bearer' | 'headers' | 'oauth';
type ServerView = NonNullable<Awaited<ReturnType<typeof api['remote-servers']['post']>>['data']>;

/** `Name: value` lines → headers; a line without a colon is kept whole as a name, so the hub's check names it. */
export function parseHeaders(lines: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of lines.split('\n').map((l) => l.trim()).filter(Boolean)) {
    const at = line.indexOf(':');
    if (at < 0) headers[line] = '';
    else headers[line.slice(0, at).trim()] = line.slice(at + 1).trim();
  }
  return headers;
}

export function AddServerForm({ admin, onAdded }: { admin: boolean; onAdded: (slug: string, tools: number) => void }) {
  const [kind, setKind] = useState<Kind>('none');
  const addWithCredential = (form: FormData) =>
    api['remote-servers'].post({
      url: text(form, 'url'),
      slug: text(form, 'slug'),
      credentialKind: kind,
      ...(kind === 'bearer' && { token: text(form, 'token') }),
      ...(kind === 'headers' && { headers: parseHeaders(text(form, 'headers')) }),
      ...(admin && form.get('forEveryone') === 'on' && { forEveryone: true }),
    });
  const add = useSubmit<ServerView>(
    async (form): Promise<EdenResult<ServerView>> => {
      if (kind !== 'oauth') return addWithCredential(form);
      // The server's own sign-in: the hub adds it pending and answers where to send the browser; the callback lands back here.
      const started = await api['remote-servers'].oauth.post({ url: text(form, 'url'), slug: text(form, 'slug') });
      if (started.data === null) return { data: null, error: started.error };
      window.location.assign(started.data.authorizeUrl);
      return { data: started.data.server, error: null };
    },
    (server) => kind !== 'oauth' && onAdded(server.slug, server.tools.length),
  );
  return (
    <form method="post" onSubmit={add.onSubmit} aria-label="Add MCP server" className="flex flex-col gap-3">
      <Field label="Server URL" name="url" type="url" required maxLength={2_048} placeholder="https://mcp.example.com/mcp" hint="Its Streamable HTTP endpoint, often ending in /mcp." />
      <Field label="Slug" name="slug" required maxLength={31} pattern="[a-z][a-z0-9\-]{0,30}" placeholder="acme" hint="Lowercase letters, digits and hyphens: its tools appear as <slug>__<tool>." />
      <fieldset className="flex flex-col gap-1">
        <legend className="font-medium">Credential</legend>
        {(
          [
            ['none', 'None'],
            ['bearer', 'Bearer token'],
            ['headers', 'Custom headers'],
            ['oauth', 'Sign in with the server (OAuth)'],
          ] as const
        ).map(([value, label]) => (
          <label key={value} className="flex items-center gap-2">
            <input type="radio" name="credentialKind" value={value} checked={kind === value} onChange={() => setKind(value)} />
            {label}
          </label>
        ))}
      </fieldset>
      {kind === 'bearer' && <Field label="Token" name="token" type="password" required maxLength={4_096} autoComplete="off" spellCheck={false} hint="Sent as Authorization: Bearer <token>; stored sealed, never shown again." />}
      {kind === 'headers' && (
        <div className="flex flex-col gap-1">
          <label htmlFor="remote-headers" className="font-medium">
            Headers
          </label>
          <textarea id="remote-headers" name="headers" required rows={3} spellCheck={false} aria-describedby="remote-headers-hint" className="rounded border border-gray-300 px-3 py-2 font-mono text-sm" placeholder="X-Api-Key: …" />
          <p id="remote-headers-hint" className="text-sm text-gray-600">
            One per line, as Name: value. Stored sealed, never shown again.
          </p>
        </div>
      )}
      {kind === 'oauth' && <p className="text-sm text-gray-600">The hub registers itself with the server&apos;s sign-in and sends you there; once you approve, you come back here with its tools added.</p>}
      {admin && kind !== 'oauth' && <CheckboxField label="For everyone" name="forEveryone" hint="Every user of this hub gets its tools (admins only)." />}
      {add.error && (
        <p role="alert" className="rounded border border-red-300 bg-red-50 p-3 text-sm text-red-900">
          {add.error}
        </p>
      )}
      <button type="submit" disabled={add.pending || !add.ready} className="self-start rounded bg-gray-900 px-4 py-2 font-medium text-white disabled:opacity-60">
        {add.pending ? 'Checking the server…' : kind === 'oauth' ? 'Sign in and add' : 'Add server'}
      </button>
    </form>
  );
}
