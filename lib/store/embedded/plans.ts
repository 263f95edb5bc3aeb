/**
 * The plans half of the embedded Store (lib/store/plans.ts): a user's plan
 * id, and their billable calls in a period as the meter plus the events past
 * the fold's watermark. EmbeddedStore delegates to this, handing over its
 * database and the transaction helper that writes the audit and change feed.
 */
import type { Database } from 'bun:sqlite';
import { PLAN_ID_PATTERN } from '../../billing/plans.ts';
import { isPeriod, periodBounds } from '../../billing/period.ts';
import { StoreError, type UserChange } from '../port.ts';
import type { PlanStore } from '../plans.ts';
import { toUser, type UserRow } from './rows.ts';

export interface EmbeddedPlansContext {
  db: Database;
  /** Runs `work` in a write transaction with its audit entry and change-feed row (EmbeddedStore's #mutate). */
  mutate: <T>(change: UserChange | null, audit: { userId: string; actor: string; action: string; target: string } | null, work: () => T) => T;
}

export function embeddedPlans({ db, mutate }: EmbeddedPlansContext): PlanStore {
  return {
    async setUserPlan({ userId, plan, actor }) {
      if (!PLAN_ID_PATTERN.test(plan)) throw new StoreError('INVALID_INPUT', `"${plan.slice(0, 40)}" is not a plan id (lower case letters, digits, - or _, at most 32 characters)`);
      const row = db.query<UserRow, [string]>('SELECT * FROM users WHERE id = ?').get(userId);
      if (!row) throw new StoreError('USER_NOT_FOUND', `no user with id ${userId}`);
      return mutate({ kind: 'user', userId }, { userId, actor: actor ?? 'system', action: 'user.plan', target: plan }, () => {
        db.query('UPDATE users SET plan = ? WHERE id = ?').run(plan, userId);
        return toUser({ ...row, plan });
      });
    },

    async countBillableCalls({ userId, period }) {
      if (!isPeriod(period)) throw new StoreError('INVALID_INPUT', `"${period.slice(0, 40)}" is not a billing period (YYYY-MM)`);
      const { start, end } = periodBounds(period);
      // One read transaction, so a fold committing in between cannot count an event twice (in the meter and past the watermark) or not at all.
      return db.transaction(() => {
        const meter = db.query<{ n: number }, [string, string]>('SELECT billable_calls AS n FROM meters WHERE user_id = ? AND period = ?').get(userId, period)?.n ?? 0;
        const watermark = db.query<{ seq: number }, []>("SELECT seq FROM watermarks WHERE name = 'meters'").get()?.seq ?? 0;
        // By seq (the primary key; the unary + keeps SQLite off the by-user index): only the unfolded tail is read, however long the user's history.
        const unfolded = db.query<{ n: number }, [number, string, number, number]>('SELECT count(*) AS n FROM usage_events WHERE seq > ? AND +user_id = ? AND billable = 1 AND +at >= ? AND +at < ?')
          .get(watermark, userId, start, end)?.n ?? 0;
        return meter + unfolded;
      }).deferred();
    },
  };
}
