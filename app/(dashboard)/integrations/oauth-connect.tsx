/**
 * "Connect with <provider>" (or "Reconnect with <provider>" on a connected
 * card, the same start: the callback replaces the stored grant): asks the hub for the provider's authorize URL
 * (a POST carrying the session's CSRF header, so no other site can start a
 * connect in this browser) and sends the browser there. The provider sends it
 * back to the hub's /oauth/<slug>/callback, which lands on this page again.
 */
'use client';
import { api } from '../../_lib/api.ts';
import { useSubmit } from '../../_lib/use-submit.ts';
import type { Integration } from './catalog.ts';
import { ConnectForm } from './connect-form.tsx';

/** `verb` names the button ("Connect with GitHub"); `className` styles it (a dark primary button unless given). */
export function OAuthConnect({ integration, verb = 'Connect', className = 'rounded bg-gray-900 px-4 py-2 font-medium text-white' }: { integration: Integration; verb?: 'Connect' | 'Reconnect'; className?: string }) {
  const start = useSubmit(() => api.integrations({ slug: integration.slug }).oauth.post({}), ({ url }) => window.location.assign(url));
  const action = `${verb} with ${integration.name}`;
  return (
    <form onSubmit={start.onSubmit} aria-label={action} className="flex flex-col gap-2">
      <button type="submit" disabled={start.pending} className={`self-start disabled:opacity-60 ${className}`}>
        {start.pending ? `Opening ${integration.name}…` : action}
      </button>
      {start.error && (
        <p role="alert" className="rounded border border-red-300 bg-red-50 p-3 text-sm text-red-900">
          {start.error}
        </p>
      )}
    </form>
  );
}

/** How a not-connected integration is connected: OAuth first when the operator set it up, the token form as the alternative (or the only way). */
export function ConnectChoices({ integration, onTokenDone }: { integration: Integration; onTokenDone: () => void }) {
  const { oauth } = integration;
  return (
    <div className="flex flex-col gap-3">
      {oauth.available ? (
        <>
          <OAuthConnect integration={integration} />
          <p className="text-sm text-gray-600">or paste a token:</p>
        </>
      ) : (
        oauth.missing && <p className="text-sm text-gray-600">OAuth connect is off: the operator sets {oauth.missing}. Meanwhile, paste a token:</p>
      )}
      <ConnectForm integration={integration} onDone={onTokenDone} />
    </div>
  );
}
