/** Inviting one person: their email and role; the hub answers the single-use link. */
'use client';
import { useRef } from 'react';
import { ROLES, type Role } from '../../../lib/store/port.ts';
import { Field } from '../../_components/field.tsx';
import { api } from '../../_lib/api.ts';
import { text, useSubmit } from '../../_lib/use-submit.ts';
import type { ShownInvite } from './new-invite.tsx';

export function InviteForm({ onInvited }: { onInvited: (invite: ShownInvite) => void }) {
  // The answer is only the link: remember whom it was for, to say so beside it; then the form is empty for the next person.
  const invited = useRef({ email: '', role: 'member' as Role });
  const formElement = useRef<HTMLFormElement>(null);
  const invite = useSubmit(
    (form) => {
      invited.current = { email: text(form, 'email').trim(), role: text(form, 'role') as Role };
      return api.invites.post(invited.current);
    },
    (link) => {
      onInvited({ ...link, ...invited.current });
      formElement.current?.reset();
    },
  );
  return (
    <form ref={formElement} onSubmit={invite.onSubmit} aria-label="Invite someone" className="mb-6 flex flex-wrap items-end gap-3 rounded border border-gray-200 bg-white p-4">
      <div className="min-w-64 flex-1">
        <Field label="Email to invite" name="email" type="email" required autoComplete="off" hint="They get a link that works once, for a week." />
      </div>
      <div className="flex flex-col gap-1">
        <label htmlFor="invite-role" className="font-medium">
          Role
        </label>
        <select id="invite-role" name="role" defaultValue="member" className="rounded border border-gray-300 px-3 py-2">
          {ROLES.map((role) => (
            <option key={role} value={role}>
              {role}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" disabled={invite.pending} className="rounded bg-gray-900 px-4 py-2 font-medium text-white disabled:opacity-60">
        {invite.pending ? 'Creating the link…' : 'Create invite link'}
      </button>
      {invite.error && (
        <p role="alert" className="basis-full rounded border border-red-300 bg-red-50 p-3 text-red-900">
          {invite.error}
        </p>
      )}
    </form>
  );
}
