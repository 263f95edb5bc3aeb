/** An invite just made: the only time its link is shown (only its hash is kept), with a way to copy it and when it stops working. */
'use client';
import type { Role } from '../../../lib/store/port.ts';
import { CopyButton } from '../../_components/copy-button.tsx';
import { Field } from '../../_components/field.tsx';

export interface ShownInvite {
  email: string;
  role: Role;
  url: string;
  expiresAt: number;
}

export function NewInvite({ shown, onDismiss }: { shown: ShownInvite; onDismiss: () => void }) {
  return (
    <section aria-labelledby="new-invite" className="mb-6 rounded border-2 border-amber-400 bg-amber-50 p-4">
      <h2 id="new-invite" className="mb-2 font-semibold">
        Invite for {shown.email} ({shown.role})
      </h2>
      <p className="mb-3 text-amber-900">
        Send this link to {shown.email}. It works once, until {new Date(shown.expiresAt).toLocaleString()}, and is shown only now.
      </p>
      <div className="flex flex-wrap items-end gap-3">
        <div className="min-w-0 flex-1 [&_input]:font-mono">
          <Field label="The invite link" value={shown.url} readOnly onFocus={(event) => event.currentTarget.select()} />
        </div>
        <CopyButton text={shown.url} label="Copy the invite link" />
        <button type="button" onClick={onDismiss} className="rounded border border-gray-300 bg-white px-3 py-1 text-sm">
          I have sent it
        </button>
      </div>
    </section>
  );
}
