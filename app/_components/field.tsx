/** Labelled form inputs: the label is the input's accessible name, and the hint is tied to it. */
import { useId, type InputHTMLAttributes } from 'react';

export function Field({ label, hint, ...input }: { label: string; hint?: string } & InputHTMLAttributes<HTMLInputElement>) {
  const id = useId();
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="font-medium">
        {label}
      </label>
      <input id={id} aria-describedby={hint ? `${id}-hint` : undefined} className="rounded border border-gray-300 px-3 py-2" {...input} />
      {hint && (
        <p id={`${id}-hint`} className="text-sm text-gray-600">
          {hint}
        </p>
      )}
    </div>
  );
}

/** A labelled checkbox, the label beside it; the hint is tied to it as for `Field`. */
export function CheckboxField({ label, hint, ...input }: { label: string; hint?: string } & Omit<InputHTMLAttributes<HTMLInputElement>, 'type'>) {
  const id = useId();
  return (
    <div className="flex flex-col gap-1">
      <div className="flex items-center gap-2">
        <input id={id} type="checkbox" aria-describedby={hint ? `${id}-hint` : undefined} className="h-4 w-4" {...input} />
        <label htmlFor={id} className="font-medium">
          {label}
        </label>
      </div>
      {hint && (
        <p id={`${id}-hint`} className="text-sm text-gray-600">
          {hint}
        </p>
      )}
    </div>
  );
}
