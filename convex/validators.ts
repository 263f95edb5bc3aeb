/**
 * Convex validators for everything the hub stores (STYLE.md 6: `v` at the
 * Convex boundary). The schema's tables and the functions' `args`/`returns`
 * are built from these, so a field is declared once.
 */
import { v, type Infer } from 'convex/values';
import { USAGE_OUTCOMES } from '../lib/store/port.ts';

export const vSettings = v.record(v.string(), v.union(v.string(), v.number(), v.boolean()));

export const vUser = v.object({ id: v.string(), email: v.string(), name: v.union(v.string(), v.null()), createdAt: v.number() });

export const vApiKey = v.object({
  id: v.string(),
  userId: v.string(),
  name: v.string(),
  prefix: v.string(),
  createdAt: v.number(),
  lastUsedAt: v.union(v.number(), v.null()),
  revokedAt: v.union(v.number(), v.null()),
});

export const vConnection = v.object({
  userId: v.string(),
  slug: v.string(),
  enabled: v.boolean(),
  sealedCredential: v.string(),
  settings: vSettings,
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
});

export const vMeter = v.object({ userId: v.string(), period: v.string(), calls: v.number(), billableCalls: v.number(), errors: v.number(), upstreamMs: v.number() });

export const vAudit = v.object({ id: v.string(), userId: v.string(), actor: v.string(), action: v.string(), target: v.string(), at: v.number() });

export const vChangeKind = v.union(v.literal('user'), v.literal('key'), v.literal('connection'));

/** Who made a change (audit) and when, as the hub's clock says. */
export const vActorAt = { actor: v.optional(v.string()), now: v.number() };

export type UsageEventDoc = Infer<typeof vUsageEvent>;
