/**
 * Convex validators for everything the hub stores (STYLE.md 6: `v` at the
 * Convex boundary). The schema's tables and the functions' `args`/`returns`
 * are built from these, so a field is declared once.
 */
import { v, type Infer } from 'convex/values';
import { ONE_TIME_TOKEN_KINDS } from '../lib/store/accounts.ts';
import { OAUTH_PURPOSES } from '../lib/store/oauth.ts';
import { ROLES, USAGE_OUTCOMES } from '../lib/store/port.ts';
import { TOOL_MODES } from '../lib/store/toolsets.ts';

export const vSettings = v.record(v.string(), v.union(v.string(), v.number(), v.boolean()));

export const vRole = v.union(...ROLES.map((role) => v.literal(role)));

export const vUser = v.object({
  id: v.string(),
  email: v.string(),
  name: v.union(v.string(), v.null()),
  role: vRole,
  hasPassword: v.boolean(),
  clerkUserId: v.union(v.string(), v.null()),
  plan: v.string(),
  createdAt: v.number(),
});

/**
 * A user as stored: the password hash instead of `hasPassword`. The accounts
 * fields are optional only so users written before them still validate; they
 * read as a member without a password or Clerk link until
 * `users.backfillRoles` has run (convex/users.ts).
 */
export const vUserDoc = v.object({
  id: v.string(),
  email: v.string(),
  name: v.union(v.string(), v.null()),
  role: v.optional(vRole),
  passwordHash: v.optional(v.union(v.string(), v.null())),
  clerkUserId: v.optional(v.union(v.string(), v.null())),
  /** The plan id (lib/billing/plans.ts); absent means the default plan, so users stored before plans need no backfill. */
  plan: v.optional(v.string()),
  createdAt: v.number(),
});

export const vSession = v.object({
  id: v.string(),
  userId: v.string(),
  createdAt: v.number(),
  lastSeenAt: v.number(),
  expiresAt: v.number(),
  userAgent: v.union(v.string(), v.null()),
});

export const vOneTimeTokenKind = v.union(...ONE_TIME_TOKEN_KINDS.map((kind) => v.literal(kind)));

/** What a one-time link is for (lib/store/accounts.ts `OneTimeTokenPurpose`). */
export const vOneTimeTokenPurpose = v.union(
  v.object({ kind: v.literal('setup') }),
  v.object({ kind: v.literal('invite'), email: v.string(), role: vRole }),
  v.object({ kind: v.literal('reset'), userId: v.string() }),
);

const tokenTimes = { id: v.string(), createdAt: v.number(), expiresAt: v.number() };
export const vOneTimeToken = v.union(
  v.object({ kind: v.literal('setup'), ...tokenTimes }),
  v.object({ kind: v.literal('invite'), email: v.string(), role: vRole, ...tokenTimes }),
  v.object({ kind: v.literal('reset'), userId: v.string(), ...tokenTimes }),
);

export const vOAuthPurpose = v.union(...OAUTH_PURPOSES.map((purpose) => v.literal(purpose)));

/** A started OAuth flow (lib/store/oauth.ts `OAuthStateRecord`); stored with the hash of its state. */
export const vOAuthState = v.object({
  userId: v.string(),
  sessionId: v.string(),
  slug: v.string(),
  sealedVerifier: v.string(),
  redirectUri: v.string(),
  scopes: v.array(v.string()),
  purpose: vOAuthPurpose,
  returnTo: v.union(v.string(), v.null()),
  createdAt: v.number(),
  expiresAt: v.number(),
});

/** A connect link (lib/store/oauth.ts `ConnectLinkRecord`); stored with the hash of its token. */
export const vConnectLink = v.object({ userId: v.string(), slug: v.string(), createdAt: v.number(), expiresAt: v.number() });

export const vToolMode = v.union(...TOOL_MODES.map((mode) => v.literal(mode)));

/** One rule of a toolset (lib/store/toolsets.ts `ToolsetRule`). */
export const vToolsetRule = v.union(
  v.object({ kind: v.literal('integration'), slug: v.string() }),
  v.object({ kind: v.literal('tool'), name: v.string() }),
  v.object({ kind: v.literal('read_only') }),
);

export const vToolsetSpec = { name: v.string(), rules: v.array(vToolsetRule), excludeDestructive: v.boolean(), mode: vToolMode, passThrough: v.optional(v.boolean()) };

export const vToolset = v.object({ id: v.string(), userId: v.string(), ...vToolsetSpec, passThrough: v.boolean(), createdAt: v.number(), updatedAt: v.number() });

export const vApiKey = v.object({
  id: v.string(),
  userId: v.string(),
  name: v.string(),
  prefix: v.string(),
  createdAt: v.number(),
  lastUsedAt: v.union(v.number(), v.null()),
  lastClient: v.union(v.string(), v.null()),
  revokedAt: v.union(v.number(), v.null()),
  toolsetId: v.union(v.string(), v.null()),
  mode: v.union(vToolMode, v.null()),
});

export const vAttentionKind = v.union(v.literal('needs_reconnect'), v.literal('misconfigured'));
/** `kind` is optional only so marks written before it still validate (they read as needs_reconnect: convex/model/records.ts). */
export const vAttention = v.object({ kind: v.optional(vAttentionKind), reason: v.string(), at: v.number() });

export const vConnection = v.object({
  userId: v.string(),
  slug: v.string(),
  enabled: v.boolean(),
  sealedCredential: v.string(),
  settings: vSettings,
  account: v.union(v.string(), v.null()),
  attention: v.union(vAttention, v.null()),
  createdAt: v.number(),
  updatedAt: v.number(),
});

/** A remote MCP server as stored and returned (lib/store/remote-servers.ts StoredRemoteServer: its tools as JSON text). */
export const vRemoteServer = v.object({
  id: v.string(),
  ownerId: v.union(v.string(), v.null()),
  slug: v.string(),
  url: v.string(),
  credentialKind: v.union(v.literal('none'), v.literal('bearer'), v.literal('headers'), v.literal('oauth')),
  sealedCredential: v.string(),
  protocol: v.union(v.string(), v.null()),
  toolsJson: v.string(),
  status: v.union(v.literal('pending'), v.literal('ok'), v.literal('error')),
  statusReason: v.union(v.string(), v.null()),
  checkedAt: v.union(v.number(), v.null()),
  createdAt: v.number(),
  updatedAt: v.number(),
});

export const vOutcome = v.union(...USAGE_OUTCOMES.map((outcome) => v.literal(outcome)));

export const vUsageEvent = v.object({
  id: v.string(),
  userId: v.string(),
  keyId: v.string(),
  integration: v.union(v.string(), v.null()),
  tool: v.string(),
  outcome: vOutcome,
  billable: v.boolean(),
  totalMs: v.number(),
  upstreamMs: v.number(),
  bytesIn: v.number(),
  bytesOut: v.number(),
  at: v.number(),
  client: v.optional(v.string()),
  error: v.optional(v.string()),
  arguments: v.optional(v.string()),
});

export const vCallLogSettings = v.object({ storeArguments: v.boolean(), argumentRetentionDays: v.number() });

/** A call with its position in the log (its document's `_creationTime`), for the live tail. */
export const vCallAt = v.object({ ...vUsageEvent.fields, seq: v.number() });

export const vMeter = v.object({ userId: v.string(), period: v.string(), calls: v.number(), billableCalls: v.number(), errors: v.number(), upstreamMs: v.number() });

export const vAudit = v.object({ id: v.string(), userId: v.string(), actor: v.string(), action: v.string(), target: v.string(), at: v.number() });

export const vChangeKind = v.union(v.literal('user'), v.literal('key'), v.literal('connection'), v.literal('toolset'));

/** Who made a change (audit) and when, as the hub's clock says. */
export const vActorAt = { actor: v.optional(v.string()), now: v.number() };

export type UsageEventDoc = Infer<typeof vUsageEvent>;

/** A user's Stripe account as the hub knows it (lib/store/billing.ts `BillingAccount`). */
export const vBillingAccount = v.object({
  userId: v.string(),
  customerId: v.string(),
  subscriptionId: v.union(v.string(), v.null()),
  status: v.union(v.string(), v.null()),
  priceId: v.union(v.string(), v.null()),
  cancelAtPeriodEnd: v.boolean(),
  currentPeriodEnd: v.union(v.number(), v.null()),
  stateAt: v.union(v.number(), v.null()),
  paymentFailedAt: v.union(v.number(), v.null()),
  lastInvoicePaidAt: v.union(v.number(), v.null()),
  lastMeterReport: v.union(v.string(), v.null()),
  createdAt: v.number(),
  updatedAt: v.number(),
});

/** A subscription's state as a Stripe event told it (lib/store/billing.ts `SubscriptionState`). */
export const vSubscriptionState = {
  subscriptionId: v.string(),
  status: v.string(),
  priceId: v.union(v.string(), v.null()),
  cancelAtPeriodEnd: v.boolean(),
  currentPeriodEnd: v.union(v.number(), v.null()),
  at: v.number(),
};

/** A call-log archive record (lib/store/archives.ts). */
export const vArchive = v.object({
  id: v.string(),
  userId: v.string(),
  day: v.string(),
  part: v.number(),
  recordedBefore: v.number(),
  status: v.union(v.literal('pending'), v.literal('written'), v.literal('done')),
  rows: v.number(),
  bytes: v.number(),
  createdAt: v.number(),
  doneAt: v.union(v.number(), v.null()),
});
