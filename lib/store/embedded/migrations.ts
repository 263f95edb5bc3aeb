/**
 * Versioned schema for the embedded store. `PRAGMA user_version` records how
 * many migrations ran; each runs once, in order, in its own transaction.
 * Append new migrations; never edit one that has shipped.
 */
import { ARCHIVES_MIGRATION } from './archives.ts';
import { CALL_LOG_MIGRATION } from './call-log-migration.ts';

export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE users (
    id TEXT PRIMARY KEY,
    email TEXT NOT NULL UNIQUE COLLATE NOCASE,
    name TEXT,
    created_at INTEGER NOT NULL
  );
  CREATE TABLE api_keys (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id),
    name TEXT NOT NULL,
    hash TEXT NOT NULL UNIQUE,
    prefix TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    last_used_at INTEGER,
    revoked_at INTEGER
  );
  CREATE INDEX api_keys_by_user ON api_keys(user_id);
  CREATE TABLE connections (
    user_id TEXT NOT NULL REFERENCES users(id),
    slug TEXT NOT NULL,
    enabled INTEGER NOT NULL,
    sealed_credential TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (user_id, slug)
  );
  CREATE TABLE usage_events (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    user_id TEXT NOT NULL,
    key_id TEXT NOT NULL,
    integration TEXT,
    tool TEXT NOT NULL,
    outcome TEXT NOT NULL,
    billable INTEGER NOT NULL,
    total_ms REAL NOT NULL,
    upstream_ms REAL NOT NULL,
    bytes_in INTEGER NOT NULL,
    bytes_out INTEGER NOT NULL,
    at INTEGER NOT NULL
  );
  CREATE INDEX usage_by_user_time ON usage_events(user_id, at);
  CREATE INDEX usage_by_integration ON usage_events(integration, at);
  CREATE TABLE meters (
    user_id TEXT NOT NULL,
    period TEXT NOT NULL,
    calls INTEGER NOT NULL,
    billable_calls INTEGER NOT NULL,
    errors INTEGER NOT NULL,
    upstream_ms REAL NOT NULL,
    PRIMARY KEY (user_id, period)
  );
  CREATE TABLE watermarks (
    name TEXT PRIMARY KEY,
    seq INTEGER NOT NULL
  );
  CREATE TABLE audit (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    target TEXT NOT NULL,
    at INTEGER NOT NULL
  );
  CREATE INDEX audit_by_user ON audit(user_id, at);
  -- Change feed read by every process sharing the data dir (cache invalidation).
  CREATE TABLE changes (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    user_id TEXT NOT NULL,
    at INTEGER NOT NULL
  );
  `,
  // 2: per-connection settings (issue 4: e.g. PostgreSQL's allow_writes), JSON text.
  `
  ALTER TABLE connections ADD COLUMN settings TEXT NOT NULL DEFAULT '{}';
  `,
  // 3: replay protection for signed /fn calls (issue 11): claimed signature hashes, kept until they would be stale anyway.
  `
  CREATE TABLE nonces (
    nonce TEXT PRIMARY KEY,
    expires_at INTEGER NOT NULL
  ) WITHOUT ROWID;
  CREATE INDEX nonces_by_expiry ON nonces(expires_at);
  `,
  // 4: dashboard accounts (issue 12): roles, passwords, the Clerk link, sessions and one-time links, all secrets stored hashed.
  // A hub with one user is that person's own: they become its admin. With several, nothing here says whose hub it is, and
  // making every one admin would let each see the others' users, so all stay members until the operator says otherwise.
  `
  ALTER TABLE users ADD COLUMN role TEXT NOT NULL DEFAULT 'member' CHECK (role IN ('admin', 'member'));
  UPDATE users SET role = 'admin' WHERE (SELECT count(*) FROM users) = 1;
  ALTER TABLE users ADD COLUMN password_hash TEXT;
  ALTER TABLE users ADD COLUMN clerk_user_id TEXT;
  CREATE UNIQUE INDEX users_by_clerk_id ON users(clerk_user_id) WHERE clerk_user_id IS NOT NULL;
  CREATE TABLE sessions (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id),
    token_hash TEXT NOT NULL UNIQUE,
    user_agent TEXT,
    created_at INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
  );
  CREATE INDEX sessions_by_user ON sessions(user_id, last_seen_at);
  CREATE INDEX sessions_by_expiry ON sessions(expires_at);
  CREATE TABLE one_time_tokens (
    id TEXT PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL CHECK (kind IN ('setup', 'invite', 'reset')),
    email TEXT,
    role TEXT,
    user_id TEXT REFERENCES users(id),
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
  );
  CREATE INDEX one_time_tokens_by_expiry ON one_time_tokens(expires_at);
  CREATE INDEX one_time_tokens_by_user ON one_time_tokens(user_id);
  `,
  // 5: the call log (issue 12): client, error text and redacted arguments per call, the key's last client, call-log settings.
  CALL_LOG_MIGRATION,
  // 6: whom a connection's credential belongs to, and whether the service has since refused it (issue 12, the Integrations page).
  `
  ALTER TABLE connections ADD COLUMN account TEXT;
  ALTER TABLE connections ADD COLUMN attention_reason TEXT;
  ALTER TABLE connections ADD COLUMN attention_at INTEGER;
  `,
  // 7: OAuth connect (issue 13): started flows and connect links, stored under hashes of their tokens, and named leases
  // (single-flight token refresh across processes).
  `
  CREATE TABLE oauth_states (
    hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id),
    session_id TEXT NOT NULL,
    slug TEXT NOT NULL,
    sealed_verifier TEXT NOT NULL,
    redirect_uri TEXT NOT NULL,
    scopes TEXT NOT NULL,
    purpose TEXT NOT NULL CHECK (purpose IN ('connect', 'reconnect')),
    return_to TEXT,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
  ) WITHOUT ROWID;
  CREATE INDEX oauth_states_by_expiry ON oauth_states(expires_at);
  CREATE INDEX oauth_states_by_user ON oauth_states(user_id);
  CREATE TABLE connect_links (
    hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id),
    slug TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
  ) WITHOUT ROWID;
  CREATE INDEX connect_links_by_expiry ON connect_links(expires_at);
  CREATE INDEX connect_links_by_user ON connect_links(user_id);
  CREATE TABLE leases (
    name TEXT PRIMARY KEY,
    holder TEXT NOT NULL,
    expires_at INTEGER NOT NULL
  ) WITHOUT ROWID;
  CREATE INDEX leases_by_expiry ON leases(expires_at);
  `,
  // 8: why a connection needs someone (ConnectionAttention.kind); rows marked before it needed reconnecting.
  `ALTER TABLE connections ADD COLUMN attention_kind TEXT NOT NULL DEFAULT 'needs_reconnect' CHECK (attention_kind IN ('needs_reconnect', 'misconfigured'));`,
  // 9: each user's plan (issue 14, lib/billing/plans.ts); everyone stored before plans starts on the default, free.
  `ALTER TABLE users ADD COLUMN plan TEXT NOT NULL DEFAULT 'free';`,
  // 10: Stripe billing (issue 14): each user's Stripe customer and the subscription state applied last (with Stripe's time
  // of it, so an older event changes nothing), and the webhook events processed (a redelivery changes nothing).
  `
  CREATE TABLE billing_accounts (
    user_id TEXT PRIMARY KEY REFERENCES users(id),
    customer_id TEXT NOT NULL UNIQUE,
    subscription_id TEXT,
    status TEXT,
    price_id TEXT,
    cancel_at_period_end INTEGER NOT NULL DEFAULT 0,
    current_period_end INTEGER,
    state_at INTEGER,
    payment_failed_at INTEGER,
    last_invoice_paid_at INTEGER,
    last_meter_report TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  ) WITHOUT ROWID;
  CREATE INDEX billing_accounts_by_status ON billing_accounts(status);
  CREATE TABLE stripe_events (
    event_id TEXT PRIMARY KEY,
    type TEXT NOT NULL,
    at INTEGER NOT NULL
  ) WITHOUT ROWID;
  CREATE INDEX stripe_events_by_at ON stripe_events(at);
  `,
  // 11: call-log archives (issue 14): what was written to object storage before its rows were deleted (lib/store/embedded/archives.ts).
  ARCHIVES_MIGRATION,
  // 12: toolsets (issue 15): a user's named sets of tools (rules as JSON, lib/store/toolsets.ts), and each key's toolset and
  // discovery mode override. Names are unique per user, ignoring case.
  `
  CREATE TABLE toolsets (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id),
    name TEXT NOT NULL,
    rules TEXT NOT NULL,
    exclude_destructive INTEGER NOT NULL,
    mode TEXT NOT NULL CHECK (mode IN ('flat', 'progressive')),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  );
  CREATE UNIQUE INDEX toolsets_by_user_name ON toolsets(user_id, name COLLATE NOCASE);
  ALTER TABLE api_keys ADD COLUMN toolset_id TEXT REFERENCES toolsets(id);
  ALTER TABLE api_keys ADD COLUMN mode TEXT CHECK (mode IN ('flat', 'progressive'));
  CREATE INDEX api_keys_by_toolset ON api_keys(toolset_id) WHERE toolset_id IS NOT NULL;
  `,
  // 13: remote MCP servers (issue 15): per user, or for everyone (user_id NULL, added by an admin), with the sealed credential,
  // the protocol revision last probed and the tool list last reported (JSON text, see lib/store/remote-servers.ts).
  `
  CREATE TABLE remote_servers (
    id TEXT PRIMARY KEY,
    user_id TEXT REFERENCES users(id),
    slug TEXT NOT NULL,
    url TEXT NOT NULL,
    credential_kind TEXT NOT NULL CHECK (credential_kind IN ('none', 'bearer', 'headers', 'oauth')),
    sealed_credential TEXT NOT NULL,
    protocol TEXT,
    tools TEXT NOT NULL DEFAULT '[]',
    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'ok', 'error')),
    status_reason TEXT,
    checked_at INTEGER,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  );
  CREATE UNIQUE INDEX remote_servers_by_owner_slug ON remote_servers(coalesce(user_id, ''), slug);
  CREATE INDEX remote_servers_by_slug ON remote_servers(slug);
  `,
  // 14: pass-through toolsets (issue 15, conformance through the hub): a toolset that lists one remote MCP server under its
  // own names (lib/store/toolsets.ts `passThrough`).
  `
  ALTER TABLE toolsets ADD COLUMN pass_through INTEGER NOT NULL DEFAULT 0 CHECK (pass_through IN (0, 1));
  `,
];
