/** A text to paste somewhere (an entry, a command, a URL), shown as is with its copy button. */
import { CopyButton } from '../../_components/copy-button.tsx';

export function Snippet({ text, label }: { text: string; label: string }) {
  return (
    <div className="flex flex-col items-start gap-2">
      <pre aria-label={label} className="w-full overflow-x-auto rounded bg-gray-900 p-4 text-sm text-gray-100">
        {text}
      </pre>
      <CopyButton text={text} label={`Copy ${label}`} />
    </div>
  );
}

/** A link that hands the install to another app (cursor://, vscode:), with the link itself to copy for when the browser will not open it. */
export function InstallLink({ href, children, label }: { href: string; children: string; label: string }) {
  return (
    <span className="inline-flex flex-wrap items-center gap-3">
      <a href={href} className="rounded bg-blue-600 px-4 py-2 font-medium text-white">
        {children}
      </a>
      <CopyButton text={href} label={`Copy ${label}`} />
    </span>
  );
}
