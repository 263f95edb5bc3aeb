/** A key just created or rotated: the only time the hub shows it whole, with a way to copy it. */
'use client';
import { CopyButton } from '../../_components/copy-button.tsx';
import { Field } from '../../_components/field.tsx';

export interface ShownKey {
  name: string;
  key: string;
}

export function NewKey({ shown, onDismiss }: { shown: ShownKey; onDismiss: () => void }) {
  return (
    <section aria-labelledby="new-key" className="mb-6 rounded border-2 border-amber-400 bg-amber-50 p-4">
      <h2 id="new-key" className="mb-2 font-semibold">
        New key &ldquo;{shown.name}&rdquo;
      </h2>
      <p className="mb-3 text-amber-900">Copy it now: it is shown only once.</p>
      <div className="flex flex-wrap items-end gap-3">
        <div className="min-w-0 flex-1 [&_input]:font-mono">
          <Field label="The new key" value={shown.key} readOnly onFocus={(event) => event.currentTarget.select()} />
        </div>
        <CopyButton text={shown.key} label="Copy the new key" />
        <button type="button" onClick={onDismiss} className="rounded border border-gray-300 bg-white px-3 py-1 text-sm">
          I have copied it
        </button>
      </div>
    </section>
  );
}
