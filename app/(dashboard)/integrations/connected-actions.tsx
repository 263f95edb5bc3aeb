/**
 * What a connected integration offers: replacing its token (the same checked
 * form as connecting; the call to action when it needs reconnecting), its
 * settings when it has any, its calls in Logs, and disconnecting. One panel
 * opens at a time, under the buttons; `replaceOpen` opens the token form first.
 */
'use client';
import Link from 'next/link';
import { useId, useState } from 'react';
import type { Integration } from './catalog.ts';
import { ConnectForm } from './connect-form.tsx';
import { DisconnectButton } from './disconnect-button.tsx';
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
  const name = integration.name;
  return (
    <div className="flex flex-col gap-3">
      <div className="flex flex-wrap items-center gap-2">
        <button {...toggle('replace')} className={integration.status === 'needs_reconnect' ? PRIMARY : BUTTON}>
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
