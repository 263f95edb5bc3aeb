/**
 * The token form for connecting an integration or replacing its token: the
 * hub checks the credential with the service before storing it, and answers
 * whose it is or why the service refused it (then nothing is stored).
 */
'use client';
import { Field } from '../../_components/field.tsx';
import { api } from '../../_lib/api.ts';
import { text, useSubmit } from '../../_lib/use-submit.ts';
import type { Integration } from './catalog.ts';

/** `replacing`: the integration is connected and this form swaps its token. The account the service named shows in the card's status once the list loads again. */
export function ConnectForm({ integration, replacing = false, onDone }: { integration: Integration; replacing?: boolean; onDone: () => void }) {
  const connect = useSubmit((form) => api.integrations({ slug: integration.slug }).put({ credential: text(form, 'credential') }), onDone);
  const action = replacing ? `Save the new ${integration.name} token` : `Connect ${integration.name}`;
  return (
    <form method="post" onSubmit={connect.onSubmit} aria-label={action} className="flex flex-col gap-2">
      <Field label={`${integration.name} ${integration.auth.label}`} name="credential" type="password" required maxLength={8_192} autoComplete="off" spellCheck={false} hint={integration.auth.help} />
      {connect.error && (
        <p role="alert" className="rounded border border-red-300 bg-red-50 p-3 text-sm text-red-900">
          {connect.error}
        </p>
      )}
      <button type="submit" disabled={connect.pending || !connect.ready} aria-label={action} className="self-start rounded bg-gray-900 px-4 py-2 font-medium text-white disabled:opacity-60">
        {connect.pending ? `Checking with ${integration.name}…` : replacing ? 'Save the new token' : 'Connect'}
      </button>
    </form>
  );
}
