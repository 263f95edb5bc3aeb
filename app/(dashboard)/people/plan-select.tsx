/** An admin's control for one user's plan: the hub's plans to choose from, saved with a button; the user's running sessions have it within a second. */
'use client';
import { useState } from 'react';
import { api } from '../../_lib/api.ts';
import type { PlanRow } from '../../_lib/billing.ts';
import { useSubmit } from '../../_lib/use-submit.ts';

export function PlanSelect({ user, plans }: { user: { id: string; email: string; plan: string }; plans: readonly PlanRow[] }) {
  const [chosen, setChosen] = useState(user.plan);
  const [saved, setSaved] = useState(user.plan);
  const save = useSubmit(() => api.users({ id: user.id }).plan.put({ plan: chosen }), (updated) => setSaved(updated.plan));
  const known = plans.some((plan) => plan.id === user.plan);
  return (
    <form onSubmit={save.onSubmit} className="flex flex-wrap items-center gap-2">
      <select aria-label={`Plan for ${user.email}`} value={chosen} onChange={(event) => setChosen(event.target.value)} className="rounded border border-gray-300 bg-white px-2 py-1 text-sm">
        {!known && <option value={user.plan}>{user.plan} (no longer offered)</option>}
        {plans.map((plan) => (
          <option key={plan.id} value={plan.id}>
            {plan.name}
          </option>
        ))}
      </select>
      <button type="submit" disabled={save.pending || chosen === saved} aria-label={`Set plan for ${user.email}`} className="rounded border border-gray-300 bg-white px-3 py-1 text-sm disabled:opacity-60">
        {save.pending ? 'Saving…' : 'Set plan'}
      </button>
      {save.error ? (
        <p role="alert" className="text-sm text-red-900">
          {save.error}
        </p>
      ) : (
        saved !== user.plan && (
          <p role="status" className="text-sm text-green-800">
            Now on {plans.find((plan) => plan.id === saved)?.name ?? saved}.
          </p>
        )
      )}
    </form>
  );
}
