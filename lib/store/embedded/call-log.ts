/**
 * The call log on the embedded store: the Logs page's query, one call, the
 * settings rows and the arguments' retention purge. Ordered by `at`, then
 * `seq` — exactly the order of the `usage_by_user_time` index (user_id, at,
 * rowid), so a page is one index range however many calls a user has.
 */
import type { Database, SQLQueryBindings } from 'bun:sqlite';
import { boundCallQuery, DAY_MS, encodeCursor } from '../call-query.ts';
import { DEFAULT_CALL_LOG_SETTINGS, type CallLogSettings, type CallPage, type CallQuery, type UsageEvent } from '../port.ts';
import { toUsage, type UsageRow } from './rows.ts';

interface SettingsRow { store_arguments: number; argument_retention_days: number }

export function listCalls(db: Database, userId: string, query: CallQuery): CallPage {
  const q = boundCallQuery(query);
  const where = ['user_id = ?'];
  const params: SQLQueryBindings[] = [userId];
  const add = (clause: string, ...values: SQLQueryBindings[]) => {
    where.push(clause);
    params.push(...values);
  };
  if (q.since !== undefined) add('at >= ?', q.since);
  if (q.until !== undefined) add('at < ?', q.until);
  if (q.after) add('(at, seq) < (?, ?)', q.after.at, q.after.tie);
  if (q.integration !== undefined) add('integration = ?', q.integration);
  if (q.tool !== undefined) add('tool = ?', q.tool);
  if (q.keyId !== undefined) add('key_id = ?', q.keyId);
  if (q.outcome !== undefined) add('outcome = ?', q.outcome);
  if (q.client !== undefined) add('client = ?', q.client);
  // instr, not LIKE: a % or _ in what a person typed is matched as itself.
  if (q.text !== undefined) add("(instr(lower(tool), ?) > 0 OR instr(lower(coalesce(error, '')), ?) > 0)", q.text, q.text);
  const rows = db.query<UsageRow & { seq: number }, SQLQueryBindings[]>(`SELECT * FROM usage_events WHERE ${where.join(' AND ')} ORDER BY at DESC, seq DESC LIMIT ?`).all(...params, q.limit + 1);
  const page = rows.slice(0, q.limit);
  const last = page.at(-1);
  return { calls: page.map(toUsage), cursor: rows.length > q.limit && last ? encodeCursor({ at: last.at, tie: last.seq }) : null };
}

export function getCall(db: Database, userId: string, id: string): UsageEvent | null {
  const row = db.query<UsageRow, [string, string]>('SELECT * FROM usage_events WHERE id = ? AND user_id = ?').get(id, userId);
  return row ? toUsage(row) : null;
}

export function readCallLogSettings(db: Database, userId: string): CallLogSettings {
  const row = db.query<SettingsRow, [string]>('SELECT store_arguments, argument_retention_days FROM call_log_settings WHERE user_id = ?').get(userId);
  return row ? { storeArguments: row.store_arguments === 1, argumentRetentionDays: row.argument_retention_days } : { ...DEFAULT_CALL_LOG_SETTINGS };
}

export function writeCallLogSettings(db: Database, userId: string, settings: CallLogSettings, at: number): void {
  db.query(
    `INSERT INTO call_log_settings (user_id, store_arguments, argument_retention_days, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (user_id) DO UPDATE SET store_arguments = excluded.store_arguments, argument_retention_days = excluded.argument_retention_days, updated_at = excluded.updated_at`,
  ).run(userId, settings.storeArguments ? 1 : 0, settings.argumentRetentionDays, at);
}

/**
 * Clears arguments older than their user's retention, or all of them for a
 * user who does not store arguments (no settings row: never did). The partial
 * index holds only events that still have arguments, so the purge reads those
 * and nothing else.
 */
export function purgeArguments(db: Database, now: number): number {
  return db.query(
    `UPDATE usage_events INDEXED BY usage_with_arguments SET arguments = NULL
     WHERE arguments IS NOT NULL AND at < ? - coalesce((
       SELECT CASE WHEN s.store_arguments = 1 THEN s.argument_retention_days * ${DAY_MS} ELSE 0 END FROM call_log_settings s WHERE s.user_id = usage_events.user_id
     ), 0)`,
  ).run(now).changes;
}
