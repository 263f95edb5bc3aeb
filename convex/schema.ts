/**
 * The hub's tables on Convex. Ids are the hub's own (`usr_…`, `key_…`; see
 * lib/store/ids.ts), not Convex document ids, so both Store adapters hand out
 * the same kind of id and a usage event may name a user id as given.
 */
import { defineSchema, defineTable } from 'convex/server';
import { v } from 'convex/values';
import { vBillingAccount, vApiKey, vArchive, vAudit, vCallLogSettings, vChangeKind, vConnection, vConnectLink, vMeter, vOAuthState, vOneTimeTokenKind, vRemoteServer, vRole, vSession, vToolset, vUsageEvent, vUserDoc } from './validators.ts';

export default defineSchema({
  users: defineTable(vUserDoc).index('by_hub_id', ['id']).index('by_email', ['email']).index('by_created', ['createdAt']).index('by_clerk_id', ['clerkUserId']),
  // Dashboard sessions and one-time links (setup, invite, reset): only SHA-256 hashes of their tokens are stored.
  sessions: defineTable(v.object({ ...vSession.fields, tokenHash: v.string() }))
    .index('by_hub_id', ['id'])
    .index('by_token_hash', ['tokenHash'])
    .index('by_user', ['userId', 'lastSeenAt'])
    .index('by_expiry', ['expiresAt']),
  oneTimeTokens: defineTable(v.object({
    id: v.string(),
    tokenHash: v.string(),
    kind: vOneTimeTokenKind,
    email: v.union(v.string(), v.null()),
    role: v.union(vRole, v.null()),
    userId: v.union(v.string(), v.null()),
    createdAt: v.number(),
    expiresAt: v.number(),
  }))
    .index('by_token_hash', ['tokenHash'])
    .index('by_user', ['userId'])
    .index('by_expiry', ['expiresAt']),
  // OAuth connect (lib/store/oauth.ts): started flows and connect links under hashes of their tokens, and named leases
  // (single-flight token refresh across replicas).
  oauthStates: defineTable(v.object({ ...vOAuthState.fields, hash: v.string() }))
    .index('by_hash', ['hash'])
    .index('by_user', ['userId'])
    .index('by_expiry', ['expiresAt']),
  connectLinks: defineTable(v.object({ ...vConnectLink.fields, hash: v.string() }))
    .index('by_hash', ['hash'])
    .index('by_user', ['userId'])
    .index('by_expiry', ['expiresAt']),
  leases: defineTable(v.object({ name: v.string(), holder: v.string(), expiresAt: v.number() })).index('by_name', ['name']).index('by_expiry', ['expiresAt']),
  // Remote MCP servers (issue 15): a user's (ownerId) or everyone's (ownerId null); tools as JSON text (lib/store/remote-servers.ts).
  remoteServers: defineTable(vRemoteServer).index('by_hub_id', ['id']).index('by_owner_slug', ['ownerId', 'slug']).index('by_slug', ['slug']),
  // lastClient, toolsetId and mode are optional only so keys written before them still validate (they read as null).
  apiKeys: defineTable(v.object({
    ...vApiKey.fields,
    lastClient: v.optional(vApiKey.fields.lastClient),
    toolsetId: v.optional(vApiKey.fields.toolsetId),
    mode: v.optional(vApiKey.fields.mode),
    hash: v.string(),
  }))
    .index('by_hub_id', ['id'])
    .index('by_hash', ['hash'])
    .index('by_user', ['userId', 'createdAt'])
    .index('by_toolset', ['toolsetId']),
  // A user's named sets of tools (lib/store/toolsets.ts); `nameKey` is the lowercased name, unique per user.
  // passThrough is optional only so toolsets written before it still validate (they read as false).
  toolsets: defineTable(v.object({ ...vToolset.fields, passThrough: v.optional(v.boolean()), nameKey: v.string() }))
    .index('by_hub_id', ['id'])
    .index('by_user', ['userId', 'createdAt'])
    .index('by_user_name', ['userId', 'nameKey']),
  // account and attention are optional only so connections written before them still validate (they read as null).
  connections: defineTable(v.object({ ...vConnection.fields, account: v.optional(vConnection.fields.account), attention: v.optional(vConnection.fields.attention) }))
    .index('by_user', ['userId', 'slug']),
  // `folded` is the fold's watermark, per event: it flips in the same transaction that adds the event to its meter.
  // `hasArguments` marks the events still holding arguments, so the retention purge reads only those (model/calls.ts).
  usageEvents: defineTable(v.object({ ...vUsageEvent.fields, folded: v.boolean(), hasArguments: v.optional(v.literal(true)) }))
    .index('by_event_id', ['id'])
    .index('by_user_arguments', ['userId', 'hasArguments', 'at'])
    .index('by_user_at', ['userId', 'at'])
    .index('by_integration_at', ['integration', 'at'])
    .index('by_folded', ['folded'])
    // A user's events not folded yet, by time: the unfolded part of their billable calls this month (model/plans.ts).
    .index('by_user_folded_at', ['userId', 'folded', 'at']),
  // A user's call-log settings; no row means the defaults (arguments off).
  callLogSettings: defineTable(v.object({ userId: v.string(), ...vCallLogSettings.fields, updatedAt: v.number() })).index('by_user', ['userId']),
  meters: defineTable(vMeter).index('by_user_period', ['userId', 'period']),
  audit: defineTable(vAudit).index('by_user_at', ['userId', 'at']),
  // Change feed the hub replicas subscribe to, to drop cached principals. `seq` numbers the rows
  // (convex/model/changes.ts); optional only so rows written before it existed still validate.
  changes: defineTable(v.object({ kind: vChangeKind, userId: v.string(), at: v.number(), seq: v.optional(v.number()) })),
  // Replay protection for signed /fn calls: hashes of accepted signatures, until they would be stale anyway (crons.ts prunes).
  nonces: defineTable(v.object({ nonce: v.string(), expiresAt: v.number() })).index('by_nonce', ['nonce']).index('by_expiry', ['expiresAt']),
  // Stripe billing (lib/store/billing.ts): each user's customer and subscription state, and the webhook events processed.
  billingAccounts: defineTable(vBillingAccount).index('by_user', ['userId']).index('by_customer', ['customerId']).index('by_status', ['status']),
  stripeEvents: defineTable(v.object({ eventId: v.string(), type: v.string(), at: v.number() })).index('by_event_id', ['eventId']).index('by_at', ['at']),
  // Call-log archives (lib/store/archives.ts): what was written to R2 before its rows were deleted; model/archives.ts.
  archives: defineTable(vArchive).index('by_hub_id', ['id']).index('by_user_day', ['userId', 'day', 'part']),
  // Objects the hub stored in R2 (exports, archives), by key, so a user's are listed by prefix without scanning the bucket.
  storedObjects: defineTable(v.object({ key: v.string(), size: v.number(), modifiedAt: v.number() })).index('by_key', ['key']),
});
