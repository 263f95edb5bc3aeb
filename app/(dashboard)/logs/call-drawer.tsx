/**
 * One call in full (GET /api/v1/logs/:id) in a drawer: a modal <dialog>, so
 * the browser moves focus into it, keeps it there and closes it on Escape;
 * the page puts focus back on the button that opened it.
 */
'use client';
import { useEffect, useRef, type ReactNode } from 'react';
import { View } from '../../_components/states.tsx';
import { api } from '../../_lib/api.ts';
import { useLoad } from '../../_lib/use-load.ts';
import { toolLabel } from '../../_lib/tool-label.ts';
import { duration, keyLabel, when, type KeyNames } from './call.ts';

function Item({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="border-b border-gray-100 py-2">
      <dt className="text-sm text-gray-600">{term}</dt>
      <dd className="break-words">{children}</dd>
    </div>
  );
}

const PRE = 'max-h-64 overflow-auto whitespace-pre-wrap rounded bg-gray-50 p-2 font-mono text-sm';

/** Why a call has no arguments to show: storing is off, or these are not (or no longer) kept. */
const noArguments = (storing: boolean | null) =>
  storing === false ? 'Arguments are not stored — turn on in the settings below.' : 'No arguments were kept for this call: it was made while storing was off, or they are past the retention.';

export function CallDrawer({ id, keyNames, storingArguments, onClose }: { id: string; keyNames: KeyNames; storingArguments: boolean | null; onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [loaded, retry] = useLoad(() => api.logs({ id }).get());
  // No close on unmount: a dialog taken out of the page leaves the top layer by itself, and a close event then would reach a page that moved on.
  useEffect(() => {
    if (dialog.current && !dialog.current.open) dialog.current.showModal();
  }, []);
  return (
    <dialog
      ref={dialog}
      aria-labelledby="call-details"
      onClose={onClose}
      className="fixed inset-y-0 right-0 left-auto m-0 h-full max-h-full w-full max-w-lg overflow-y-auto bg-white p-6 shadow-xl backdrop:bg-black/30"
    >
      <div className="mb-4 flex items-start justify-between gap-4">
        <h2 id="call-details" className="text-lg font-semibold">
          Call details
        </h2>
        <button type="button" onClick={() => dialog.current?.close()} className="rounded border border-gray-300 px-3 py-1 text-sm">
          Close
        </button>
      </div>
      <View loaded={loaded} retry={retry} what="the call" isEmpty={() => false} empty={null}>
        {(call) => (
          <dl>
            <Item term="Time">{when(call.at)}</Item>
            <Item term="Tool">
              <span className="font-mono">{toolLabel(call)}</span>
            </Item>
            <Item term="Outcome">{call.outcome}</Item>
            <Item term="Error the model saw">{call.error ? <pre className={PRE}>{call.error}</pre> : 'None: the call succeeded.'}</Item>
            <Item term="Arguments (redacted)">{call.arguments ? <pre className={PRE}>{call.arguments}</pre> : noArguments(storingArguments)}</Item>
            <Item term="Key">
              {keyLabel(keyNames, call.keyId)} <span className="font-mono text-sm text-gray-600">({call.keyId})</span>
            </Item>
            <Item term="Client">{call.client ?? 'Not given'}</Item>
            <Item term="Total latency">{duration(call.totalMs)}</Item>
            <Item term="Upstream latency">{duration(call.upstreamMs)}</Item>
            <Item term="Bytes in / out">
              {call.bytesIn} / {call.bytesOut}
            </Item>
            <Item term="Billable">{call.billable ? 'Yes' : 'No'}</Item>
            <Item term="Call id">
              <span className="font-mono text-sm">{call.id}</span>
            </Item>
          </dl>
        )}
      </View>
    </dialog>
  );
}
