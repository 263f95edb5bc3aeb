/**
 * One remote MCP server: where it is, its status (with the reason when its
 * last check failed), the protocol revision it speaks, and its tools — the
 * name a client sees and, where the hub renamed it, the server's own — with
 * Refresh, Replace credential and Remove for a server the user may manage.
 */
'use client';
import { useState } from 'react';
import { api, failureMessage } from '../../_lib/api.ts';
import { CredentialForm } from './credential-form.tsx';

type Server = NonNullable<Awaited<ReturnType<typeof api['remote-servers']['get']>>['data']>['items'][number];

export function ServerCard({ server, onChanged }: { server: Server; onChanged: (text: string) => void }) {
  const [busy, setBusy] = useState<'refresh' | 'remove' | null>(null);
  const [replacing, setReplacing] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = async (what: 'refresh' | 'remove') => {
    if (what === 'remove' && !window.confirm(`Remove ${server.slug}? Its tools leave your AI clients at once.`)) return;
    setBusy(what);
    setError(null);
    try {
      const result = what === 'refresh' ? await api['remote-servers']({ slug: server.slug }).refresh.post() : await api['remote-servers']({ slug: server.slug }).delete();
      if (result.data === null) setError(failureMessage(result.error));
      else onChanged(what === 'refresh' ? `Checked ${server.slug} again.` : `Removed ${server.slug}.`);
    } catch (thrown) {
      setError(`Could not reach the hub (${(thrown as Error).message}). Is it running?`);
    } finally {
      setBusy(null);
    }
  };
  const status = server.status === 'ok' ? 'Working' : server.status === 'pending' ? 'Not checked yet' : 'Needs attention';
  return (
    <li aria-label={server.slug} className="rounded border border-gray-200 bg-white p-4">
      <div className="flex flex-wrap items-baseline gap-2">
        <h2 className="text-lg font-semibold">{server.slug}</h2>
        <span className="text-sm text-gray-600">{server.url}</span>
        {server.forEveryone && <span className="rounded bg-gray-100 px-2 text-sm">for everyone</span>}
      </div>
      <p className="mt-1 text-sm">
        <span className={server.status === 'error' ? 'font-medium text-red-800' : 'text-gray-700'}>{status}</span>
        {server.protocol && <span className="text-gray-600"> · protocol {server.protocol}</span>}
        <span className="text-gray-600"> · credential: {server.credentialKind === 'none' ? 'none' : server.credentialKind === 'bearer' ? 'bearer token' : server.credentialKind === 'oauth' ? 'OAuth sign-in' : 'custom headers'}</span>
      </p>
      {server.statusReason && <p className={`mt-1 text-sm ${server.status === 'error' ? 'text-red-800' : 'text-gray-600'}`}>{server.statusReason}</p>}
      {server.tools.length === 0 ? (
        <p className="mt-3 text-sm text-gray-600">This server lists no tools.</p>
      ) : (
        <div className="mt-3 overflow-x-auto">
        <table aria-label={`Tools of ${server.slug}`} className="w-full table-fixed text-left text-sm">
          <thead>
            <tr className="border-b border-gray-200">
              <th scope="col" className="w-2/5 py-1 pr-3">Name in your client</th>
              <th scope="col" className="w-1/3 py-1 pr-3">Name on the server</th>
              <th scope="col" className="py-1">Description</th>
            </tr>
          </thead>
          <tbody>
            {server.tools.map((tool) => (
              <tr key={tool.wireName} className="border-b border-gray-100 align-top">
                <td className="break-all py-1 pr-3 font-mono">{tool.wireName}</td>
                <td className="break-all py-1 pr-3 font-mono">{tool.mapped ? tool.name : <span className="text-gray-500">same</span>}</td>
                <td className="py-1 text-gray-700">{tool.description}</td>
              </tr>
            ))}
          </tbody>
        </table>
        </div>
      )}
      {error && (
        <p role="alert" className="mt-3 rounded border border-red-300 bg-red-50 p-3 text-sm text-red-900">
          {error}
        </p>
      )}
      {server.manageable && (
        <div className="mt-3 flex gap-2">
          <button type="button" onClick={() => run('refresh')} disabled={busy !== null} aria-label={`Refresh ${server.slug}`} className="rounded border border-gray-300 px-3 py-1 disabled:opacity-60">
            {busy === 'refresh' ? 'Checking…' : 'Refresh'}
          </button>
          {server.credentialKind !== 'oauth' && (
            <button type="button" onClick={() => setReplacing((open) => !open)} aria-expanded={replacing} aria-label={`Replace the credential of ${server.slug}`} className="rounded border border-gray-300 px-3 py-1">
              Replace credential
            </button>
          )}
          <button type="button" onClick={() => run('remove')} disabled={busy !== null} aria-label={`Remove ${server.slug}`} className="rounded border border-red-300 px-3 py-1 text-red-800 disabled:opacity-60">
            {busy === 'remove' ? 'Removing…' : 'Remove'}
          </button>
        </div>
      )}
      {replacing && <CredentialForm slug={server.slug} onDone={() => onChanged(`Saved the new credential of ${server.slug}; calls use it from now on.`)} />}
    </li>
  );
}
