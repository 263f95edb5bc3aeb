/** A key just created or rotated: the only time the hub shows it whole, with a way to copy it. */
'use client';
import { ShownOnce } from '../../_components/shown-once.tsx';

export interface ShownKey {
  name: string;
  key: string;
}

export function NewKey({ shown, onDismiss }: { shown: ShownKey; onDismiss: () => void }) {
  return <ShownOnce id="new-key" title={<>New key &ldquo;{shown.name}&rdquo;</>} note="Copy it now: it is shown only once." label="The new key" value={shown.key} dismiss="I have copied it" onDismiss={onDismiss} />;
}
