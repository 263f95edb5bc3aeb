/**
 * What a connected integration offers: reconnecting with OAuth (when the
 * operator set it up and the connection came from OAuth or needs
 * reconnecting; not when the operator's OAuth app is misconfigured, which no
 * reconnect fixes), replacing its token (the same checked form as
 * connecting), its settings when it has any, its calls in Logs, and
 * disconnecting. When it needs reconnecting, the first of those two ways is
 * the call to action. One panel opens at a time, under the buttons;
 * `replaceOpen` opens the token form first.
 */
'use client';
import Link from 'next/link';
import { useId, useState } from 'react';
import type { Integration } from './catalog.ts';
import { ConnectForm } from './connect-form.tsx';
import { DisconnectButton } from './disconnect-button.tsx';
import { OAuthConnect } from './oauth-connect.tsx';
import { SettingsForm } from './settings-form.tsx';

type Panel = 'replace' | 'settings' | null;

const BUTTON = 'rounded border border-gray-300 bg-white px-3 py-1 text-sm';
const PRIMARY = 'rounded bg-amber-600 px-3 py-1 text-sm font-medium text-white';

export function ConnectedActions({ integration, replaceOpen = false, onChanged }: { integration: Integration; replaceOpen?: boolean; onChanged: (notice: string) => void }) {
  const [open, setOpen] = useState<Panel>(replaceOpen ? 'replace' : null);
  const panel = useId();
  const toggle = (which: Exclude<Panel, null>) => ({
    type: 'button' as const,
    'aria-expanded': open === which,
    'aria-controls': open === which ? panel : undefined,
    onClick: () => setOpen(open === which ? null : which),
  });
  const { name, status } = integration;
  const needsReconnect = status === 'needs_reconnect';
  const reconnect = integration.oauth.available && status !== 'misconfigured' && (integration.via === 'oauth' || needsReconnect);
  return (
    <div className="flex flex-col gap-3">
      <div className="flex flex-wrap items-start gap-2">
        {reconnect && <OAuthConnect integration={integration} verb="Reconnect" className={needsReconnect ? PRIMARY : BUTTON} />}
        <button {...toggle('replace')} className={needsReconnect && !reconnect ? PRIMARY : BUTTON}>
          Replace token<span className="sr-only"> for {name}</span>
        </button>
        {integration.settings.length > 0 && (
          <button {...toggle('settings')} className={BUTTON}>
            Settings<span className="sr-only"> for {name}</span>
          </button>
        )}
        <Link href={`/logs?integration=${encodeURIComponent(integration.slug)}`} className={BUTTON}>
          View logs<span className="sr-only"> for {name}</span>
        </Link>
        <DisconnectButton integration={integration} onDone={onChanged} />
      </div>
      {open && (
        <div id={panel} className="rounded border border-gray-200 bg-gray-50 p-3">
          {open === 'replace' ? (
            <ConnectForm integration={integration} replacing onDone={() => onChanged(`${name} accepted the new token; calls use it from now on.`)} />
          ) : (
            <SettingsForm integration={integration} onDone={() => onChanged(`Saved the ${name} settings; calls use them within a second.`)} />
          )}
        </div>
      )}
    </div>
  );
}
