/**
 * A banner above every signed-in page once the month's billable calls reach
 * 80% of the plan's limit, and another once they reach it, linking to the
 * Billing page. The API decides when (PlanStatus.warning); nothing shows
 * while it loads, when it fails (the page itself says why) or below 80%.
 * The layout stays across pages, so it reads again on each page change: a
 * plan changed meanwhile (People, an upgrade) shows on the next page.
 */
'use client';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useEffect, useRef } from 'react';
import { api } from '../_lib/api.ts';
import { resetText, usedText } from '../_lib/billing.ts';
import { useLoad } from '../_lib/use-load.ts';

export function QuotaBanner() {
  const [loaded, reload] = useLoad(() => api.billing.status.get());
  const pathname = usePathname();
  const first = useRef(true);
  useEffect(() => {
    if (first.current) first.current = false;
    else reload();
  }, [pathname, reload]);
  if (loaded.state !== 'ready' || loaded.data.status.warning === null) return null;
  const { status } = loaded.data;
  const reached = status.warning === 'reached';
  const past = status.overage === 'refuse' ? `Tool calls are refused until the quota resets on ${resetText(status.resetsAt)}.` : `Calls past the limit are billed as overage until the quota resets on ${resetText(status.resetsAt)}.`;
  return (
    <div role={reached ? 'alert' : 'status'} aria-label="Plan usage" className={`border-b px-4 py-2 text-sm ${reached ? 'border-red-300 bg-red-50 text-red-900' : 'border-amber-300 bg-amber-50 text-amber-900'}`}>
      <p className="mx-auto max-w-5xl">
        {`You have used ${usedText(status)} of the ${status.plan.name} plan this month${reached ? ': the limit is reached' : ''}.`}{' '}
        {reached ? past : `The quota resets on ${resetText(status.resetsAt)}.`}{' '}
        <Link href="/billing" className="font-medium underline">
          See plans and billing
        </Link>
      </p>
    </div>
  );
}
