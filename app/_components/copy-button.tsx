/** Copies a text to the clipboard and says so where screen readers hear it. */
'use client';
import { useState } from 'react';

export function CopyButton({ text, label }: { text: string; label: string }) {
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  const copy = () =>
    navigator.clipboard.writeText(text).then(
      () => setCopied('yes'),
      () => setCopied('failed'),
    );
  return (
    <span className="inline-flex items-center gap-2">
      <button type="button" onClick={copy} aria-label={label} className="rounded border border-gray-300 bg-white px-3 py-1 text-sm font-medium">
        Copy
      </button>
      <span role="status" className="text-sm text-gray-600">
        {copied === 'yes' ? 'Copied' : copied === 'failed' ? 'Could not copy; select the text and copy it' : ''}
      </span>
    </span>
  );
}
