/** The live tail's switch and what it is doing, read out politely as it changes; and the calls it skipped, with the fix. */
'use client';
import type { LiveTail, TailState } from './use-live-tail.ts';

const SAYS: Record<TailState, string> = {
  off: 'Paused: new calls show after a reload.',
  connecting: 'Connecting…',
  live: 'Live: new calls appear as they are made.',
  reconnecting: 'Reconnecting… Calls made meanwhile show after a reload.',
  stopped: 'The live view stopped (the hub refused it; is your session still on?). Reload the page to start it again.',
};

export function LiveStatus({ on, onToggle, tail }: { on: boolean; onToggle: (on: boolean) => void; tail: LiveTail }) {
  return (
    <div className="mb-3 flex flex-col gap-2">
      <div className="flex flex-wrap items-center gap-3">
        <label className="inline-flex items-center gap-2 font-medium">
          <input type="checkbox" role="switch" checked={on} onChange={(event) => onToggle(event.target.checked)} />
          Live
        </label>
        <span role="status" aria-live="polite" className={`text-sm ${tail.state === 'live' ? 'text-green-800' : 'text-gray-600'}`}>
          {SAYS[tail.state]}
        </span>
      </div>
      {tail.dropped > 0 && (
        <p role="alert" className="rounded border border-amber-300 bg-amber-50 p-3 text-amber-900">
          {tail.dropped === 1 ? '1 call was' : `${tail.dropped} calls were`} skipped while the page was busy — reload to see them.
        </p>
      )}
    </div>
  );
}
