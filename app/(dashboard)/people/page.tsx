/**
 * People (admins): inviting someone by email with a role — the single-use
 * link is shown once, to copy and send — and the hub's users with their
 * roles and plans, each plan changeable here. A member who opens this page
 * gets the API's refusal and no form.
 */
'use client';
import { useState } from 'react';
import { DataTable } from '../../_components/data-table.tsx';
import { View } from '../../_components/states.tsx';
import { api } from '../../_lib/api.ts';
import { useLoad } from '../../_lib/use-load.ts';
import { InviteForm } from './invite-form.tsx';
import { NewInvite, type ShownInvite } from './new-invite.tsx';
import { PlanSelect } from './plan-select.tsx';

export default function PeoplePage() {
  const [cursor, setCursor] = useState<string | null>(null);
  const [loaded, retry] = useLoad(() => api.users.get({ query: cursor === null ? {} : { cursor } }));
  const [shown, setShown] = useState<ShownInvite | null>(null);
  // The plans to choose from: the hub's table, as the Billing answer gives it.
  const [billing] = useLoad(() => api.billing.status.get());
  const plans = billing.state === 'ready' ? billing.data.plans : [];
  const turnTo = (next: string | null) => {
    setCursor(next);
    retry();
  };
  return (
    <>
      <h1 className="mb-6 text-2xl font-semibold">People</h1>
      <View loaded={loaded} retry={retry} what="people" isEmpty={(page) => page.items.length === 0} empty="No users yet.">
        {(page) => (
          <>
            {shown && <NewInvite shown={shown} onDismiss={() => setShown(null)} />}
            <InviteForm onInvited={setShown} />
            <DataTable
              caption="People on this hub"
              rows={page.items}
              rowKey={(user) => user.id}
              columns={[
                { header: 'Email', cell: (user) => user.email },
                { header: 'Name', cell: (user) => user.name ?? '—' },
                { header: 'Role', cell: (user) => user.role },
                { header: 'Plan', cell: (user) => (plans.length === 0 ? user.plan : <PlanSelect user={user} plans={plans} />) },
                { header: 'Joined', cell: (user) => new Date(user.createdAt).toLocaleString(), className: 'whitespace-nowrap' },
              ]}
            />
            {(cursor !== null || page.nextCursor !== null) && (
              <div className="mt-3 flex gap-2">
                {cursor !== null && (
                  <button type="button" onClick={() => turnTo(null)} className="rounded border border-gray-300 bg-white px-3 py-1 text-sm">
                    First page
                  </button>
                )}
                {page.nextCursor !== null && (
                  <button type="button" onClick={() => turnTo(page.nextCursor)} className="rounded border border-gray-300 bg-white px-3 py-1 text-sm">
                    Next page of people
                  </button>
                )}
              </div>
            )}
          </>
        )}
      </View>
    </>
  );
}
