/** An invite just made: the only time its link is shown (only its hash is kept), with a way to copy it and when it stops working. */
'use client';
import type { Role } from '../../../lib/store/port.ts';
import { ShownOnce } from '../../_components/shown-once.tsx';

export interface ShownInvite {
  email: string;
  role: Role;
  url: string;
  expiresAt: number;
}

export function NewInvite({ shown, onDismiss }: { shown: ShownInvite; onDismiss: () => void }) {
  return (
    <ShownOnce
      id="new-invite"
      title={`Invite for ${shown.email} (${shown.role})`}
      note={`Send this link to ${shown.email}. It works once, until ${new Date(shown.expiresAt).toLocaleString()}, and is shown only now.`}
      label="The invite link"
      value={shown.url}
      dismiss="I have sent it"
      onDismiss={onDismiss}
    />
  );
}
