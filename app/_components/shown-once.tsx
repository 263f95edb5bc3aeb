/** A secret the hub shows only once (a new key, an invite link): a heading, what to do with it, the value to select or copy, and a dismiss button. */
'use client';
import type { ReactNode } from 'react';
import { CopyButton } from './copy-button.tsx';
import { Field } from './field.tsx';

export function ShownOnce({ id, title, note, label, value, dismiss, onDismiss }: { id: string; title: ReactNode; note: ReactNode; label: string; value: string; dismiss: string; onDismiss: () => void }) {
  return (
    <section aria-labelledby={id} className="mb-6 rounded border-2 border-amber-400 bg-amber-50 p-4">
      <h2 id={id} className="mb-2 font-semibold">
        {title}
      </h2>
      <p className="mb-3 text-amber-900">{note}</p>
      <div className="flex flex-wrap items-end gap-3">
        <div className="min-w-0 flex-1 [&_input]:font-mono">
          <Field label={label} value={value} readOnly onFocus={(event) => event.currentTarget.select()} />
        </div>
        <CopyButton text={value} label={`Copy ${label.replace(/^The /, 'the ')}`} />
        <button type="button" onClick={onDismiss} className="rounded border border-gray-300 bg-white px-3 py-1 text-sm">
          {dismiss}
        </button>
      </div>
    </section>
  );
}
