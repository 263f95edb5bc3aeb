/**
 * Billing. The plans half (plan, month-to-date against the limit, the daily
 * chart) is the plans work's; this page mounts the Stripe half
 * (subscription.tsx) until both are merged into one page.
 */
import { StripeSubscription } from './subscription.tsx';

export default function BillingPage() {
  return (
    <>
      <h1 className="mb-6 text-2xl font-semibold">Billing</h1>
      <StripeSubscription />
    </>
  );
}
