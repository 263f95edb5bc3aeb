/**
 * Migration 5 (issue 12, the Logs and Usage pages): what a call log needs
 * beyond the meters. Kept beside migrations.ts, which lists it in order.
 *
 * - the client (`name/version`), the error text the model saw and the
 *   redacted arguments of each call; a partial index finds the events still
 *   holding arguments, so the retention purge visits only those;
 * - the key's last client, written with `last_used_at`;
 * - each user's call-log settings (no row: the defaults, arguments off).
 */
export const CALL_LOG_MIGRATION = `
  ALTER TABLE usage_events ADD COLUMN client TEXT;
  ALTER TABLE usage_events ADD COLUMN error TEXT;
  ALTER TABLE usage_events ADD COLUMN arguments TEXT;
  CREATE INDEX usage_with_arguments ON usage_events(at) WHERE arguments IS NOT NULL;
  ALTER TABLE api_keys ADD COLUMN last_client TEXT;
  CREATE TABLE call_log_settings (
    user_id TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    store_arguments INTEGER NOT NULL,
    argument_retention_days INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  );
`;
