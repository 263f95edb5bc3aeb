/** What a one-time link page says when opened without its token. */
export function MissingToken({ what, fix }: { what: string; fix: string }) {
  return (
    <p role="alert" className="rounded border border-amber-300 bg-amber-50 p-3 text-amber-900">
      This page needs the {what} link&apos;s token, and the address has none. {fix}
    </p>
  );
}
