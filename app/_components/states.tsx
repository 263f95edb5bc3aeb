/** The states every view has besides its data: loading, failed (with the fix), and empty. */
import Link from 'next/link';
import type { ReactNode } from 'react';
import type { Loaded } from '../_lib/use-load.ts';

export function Loading({ what }: { what: string }) {
  return (
    <p role="status" aria-live="polite" className="text-gray-500">
      Loading {what}…
    </p>
  );
}

export function Failed({ message, signedOut, retry }: { message: string; signedOut: boolean; retry: () => void }) {
  return (
    <div role="alert" className="rounded border border-red-300 bg-red-50 p-4 text-red-900">
      <p>{message}</p>
      {signedOut ? (
        <Link href="/sign-in" className="mt-2 inline-block font-medium underline">
          Sign in
        </Link>
      ) : (
        <button type="button" onClick={retry} className="mt-2 rounded border border-red-400 px-3 py-1 font-medium">
          Try again
        </button>
      )}
    </div>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="rounded border border-dashed border-gray-300 p-6 text-center text-gray-600">{children}</p>;
}

/** Renders a loaded value's state: `isEmpty` data shows `empty`, anything else `children(data)`. */
export function View<T>({ loaded, retry, what, isEmpty, empty, children }: { loaded: Loaded<T>; retry: () => void; what: string; isEmpty: (data: T) => boolean; empty: ReactNode; children: (data: T) => ReactNode }) {
  if (loaded.state === 'loading') return <Loading what={what} />;
  if (loaded.state === 'failed') return <Failed message={loaded.message} signedOut={loaded.signedOut} retry={retry} />;
  return isEmpty(loaded.data) ? <Empty>{empty}</Empty> : <>{children(loaded.data)}</>;
}
