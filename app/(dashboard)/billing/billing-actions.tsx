/**
 * What a user can do about their plan. The one place for it on the Billing
 * page: with Stripe configured it is the subscription, the Upgrade / Manage
 * buttons and the invoices (subscription.tsx); without it (no
 * STRIPE_SECRET_KEY) plans are set by an admin, and it says so.
 */
'use client';
import Link from 'next/link';
import type { PlanStatus } from '../../_lib/billing.ts';
import { StripeSubscription } from './subscription.tsx';

function BillingOff({ status, admin }: { status: PlanStatus; admin: boolean }) {
  return (
    <section aria-label="Changing plan" className="mb-6 rounded border border-gray-200 bg-gray-50 p-4 text-sm text-gray-700">
      <p>
        Billing is off on this hub: plans are set by an admin.{' '}
        {admin ? (
          <>
            Change anyone&rsquo;s plan, {status.plan.name} included, on{' '}
            <Link href="/people" className="font-medium underline">
              People
            </Link>
            .
          </>
        ) : (
          <>Ask an admin of this hub for another plan.</>
        )}
      </p>
    </section>
  );
}

export function BillingActions({ status, admin }: { status: PlanStatus; admin: boolean }) {
  return <StripeSubscription whenOff={<BillingOff status={status} admin={admin} />} />;
}
