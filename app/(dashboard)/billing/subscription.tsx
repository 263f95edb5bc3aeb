/**
 * The Stripe half of the Billing page: the subscription's state (with a
 * failed payment or a coming cancellation said plainly), Upgrade buttons per
 * plan that can be bought (→ Stripe Checkout), "Manage billing" (→ Stripe's
 * customer portal: card, plan change, cancel) and the invoices. With billing
 * off it says so: plans are then set by an admin. Everything comes through
 * the API (lib/api/billing-stripe.ts); no billing logic here.
 */
'use client';
import { useEffect, useState, type ReactNode } from 'react';
import { DataTable } from '../../_components/data-table.tsx';
import { View } from '../../_components/states.tsx';
import { api } from '../../_lib/api.ts';
import { useLoad } from '../../_lib/use-load.ts';
import { useSubmit } from '../../_lib/use-submit.ts';

const BUTTON = 'rounded bg-gray-900 px-3 py-1.5 text-sm font-medium text-white disabled:opacity-60';
const SECONDARY = 'rounded border border-gray-300 bg-white px-3 py-1.5 text-sm font-medium disabled:opacity-60';
const day = (at: number) => new Date(at).toISOString().slice(0, 10);
const money = (cents: number, currency: string) => new Intl.NumberFormat('en', { style: 'currency', currency: currency.toUpperCase() }).format(cents / 100);

/** Sends the browser to the Stripe page an API call returns. */
const go = ({ url }: { url: string }) => window.location.assign(url);

function UpgradeButton({ plan }: { plan: { id: string; name: string } }) {
  const checkout = useSubmit(() => api.billing.checkout.post({ plan: plan.id }), go);
  return (
    <form onSubmit={checkout.onSubmit} className="flex flex-col gap-1">
      <button type="submit" disabled={checkout.pending || !checkout.ready} aria-label={`Upgrade to ${plan.name}`} className={BUTTON}>
        {checkout.pending ? 'Opening checkout…' : `Upgrade to ${plan.name}`}
      </button>
      {checkout.error && <p role="alert" className="text-sm text-red-900">{checkout.error}</p>}
    </form>
  );
}

function ManageButton() {
  const portal = useSubmit(() => api.billing.portal.post(), go);
  return (
    <form onSubmit={portal.onSubmit} className="flex flex-col gap-1">
      <button type="submit" disabled={portal.pending || !portal.ready} className={SECONDARY}>
        {portal.pending ? 'Opening…' : 'Manage billing'}
      </button>
      {portal.error && <p role="alert" className="text-sm text-red-900">{portal.error}</p>}
    </form>
  );
}

function Invoices() {
  const [loaded, retry] = useLoad(() => api.billing.invoices.get());
  return (
    <section aria-labelledby="invoices-heading" className="mt-6">
      <h3 id="invoices-heading" className="mb-2 text-lg font-semibold">Invoices</h3>
      <View loaded={loaded} retry={retry} what="invoices" isEmpty={(data) => data.invoices.length === 0} empty="No invoices yet.">
        {(data) => (
          <DataTable
            caption="Invoices"
            rows={data.invoices}
            rowKey={(invoice) => invoice.id}
            columns={[
              { header: 'Date', cell: (invoice) => day(invoice.createdAt) },
              { header: 'Number', cell: (invoice) => invoice.number ?? '—' },
              { header: 'Amount', cell: (invoice) => money(invoice.amountDue, invoice.currency) },
              { header: 'Status', cell: (invoice) => invoice.status ?? '—' },
              { header: 'Invoice', cell: (invoice) => (invoice.url ? <a href={invoice.url} className="underline">View{invoice.number ? ` ${invoice.number}` : ''}</a> : '—') },
            ]}
          />
        )}
      </View>
    </section>
  );
}

/** What Checkout sent the browser back with (`?checkout=done` or `cancelled`), read once the page runs. */
function useCheckoutReturn(): 'done' | 'cancelled' | null {
  const [state, setState] = useState<'done' | 'cancelled' | null>(null);
  useEffect(() => {
    const value = new URLSearchParams(window.location.search).get('checkout');
    setState(value === 'done' || value === 'cancelled' ? value : null);
  }, []);
  return state;
}

/** `whenOff`: what to show instead while billing is off (BillingActions says who sets plans then). */
export function StripeSubscription({ whenOff }: { whenOff: ReactNode }) {
  const [loaded, retry] = useLoad(() => api.billing.subscription.get());
  const returned = useCheckoutReturn();
  if (loaded.state === 'ready' && !loaded.data.enabled) return <>{whenOff}</>;
  return (
    <section aria-labelledby="subscription-heading" className="mb-6 rounded border border-gray-200 bg-white p-4">
      <h2 id="subscription-heading" className="mb-3 text-lg font-semibold">Subscription</h2>
      {returned === 'done' && <p role="status" className="mb-3 rounded bg-green-50 p-3 text-green-900">Payment received. Your new plan applies within a few seconds, also in running AI clients.</p>}
      {returned === 'cancelled' && <p role="status" className="mb-3 rounded bg-gray-50 p-3">Checkout cancelled; nothing was charged.</p>}
      <View loaded={loaded} retry={retry} what="your subscription" isEmpty={() => false} empty={null}>
        {(billing) => {
          const { subscription } = billing;
          const live = subscription !== null && ['active', 'trialing', 'past_due'].includes(subscription.status);
          const buyable = billing.plans.filter((plan) => plan.purchasable);
          return (
            <>
              {subscription ? (
                <p className="mb-2">
                  Stripe subscription: <strong>{billing.plans.find((p) => p.id === subscription.plan)?.name ?? subscription.plan ?? 'unknown plan'}</strong>, {subscription.status.replace('_', ' ')}
                  {subscription.cancelAtPeriodEnd && subscription.currentPeriodEnd !== null && <>; ends on {day(subscription.currentPeriodEnd)}</>}
                  {!subscription.cancelAtPeriodEnd && live && subscription.currentPeriodEnd !== null && <>; renews on {day(subscription.currentPeriodEnd)}</>}.
                </p>
              ) : (
                <p className="mb-2">No paid subscription.</p>
              )}
              {subscription?.paymentFailedAt != null && (
                <p role="alert" className="mb-2 rounded border border-amber-300 bg-amber-50 p-3 text-amber-900">
                  Your last payment failed on {day(subscription.paymentFailedAt)}. Stripe is retrying; your plan stays until it gives up. Update your card in Manage billing.
                </p>
              )}
              <div className="flex flex-wrap gap-2">
                {!live && buyable.map((plan) => <UpgradeButton key={plan.id} plan={plan} />)}
                {billing.portal && <ManageButton />}
              </div>
              {!live && buyable.length === 0 && <p className="mt-2 text-sm text-gray-600">No plan can be bought here yet: the operator sets MCPHUB_STRIPE_PRICE_&lt;PLAN&gt;.</p>}
              {billing.portal && <Invoices />}
            </>
          );
        }}
      </View>
    </section>
  );
}
