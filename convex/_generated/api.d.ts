/* eslint-disable */
/**
 * Generated `api` utility.
 *
 * THIS CODE IS AUTOMATICALLY GENERATED.
 *
 * To regenerate, run `npx convex dev`.
 * @module
 */

import type {
  ApiFromModules,
  FilterApi,
  FunctionReference,
} from "convex/server";
import type * as accounts from "../accounts.js";
import type * as archives from "../archives.js";
import type * as billing from "../billing.js";
import type * as calls from "../calls.js";
import type * as components_ from "../components.js";
import type * as connections from "../connections.js";
import type * as crons from "../crons.js";
import type * as env from "../env.js";
import type * as http from "../http.js";
import type * as hub from "../hub.js";
import type * as keys from "../keys.js";
import type * as model_accounts from "../model/accounts.js";
import type * as model_archive_job from "../model/archive-job.js";
import type * as model_archives from "../model/archives.js";
import type * as model_billing from "../model/billing.js";
import type * as model_calls from "../model/calls.js";
import type * as model_changes from "../model/changes.js";
import type * as model_components from "../model/components.js";
import type * as model_connections from "../model/connections.js";
import type * as model_keys from "../model/keys.js";
import type * as model_leases from "../model/leases.js";
import type * as model_nonces from "../model/nonces.js";
import type * as model_oauth from "../model/oauth.js";
import type * as model_objects from "../model/objects.js";
import type * as model_plans from "../model/plans.js";
import type * as model_records from "../model/records.js";
import type * as model_remote_servers from "../model/remote-servers.js";
import type * as model_sessions from "../model/sessions.js";
import type * as model_stripe_events from "../model/stripe-events.js";
import type * as model_toolsets from "../model/toolsets.js";
import type * as model_usage from "../model/usage.js";
import type * as model_users from "../model/users.js";
import type * as nonces from "../nonces.js";
import type * as oauth from "../oauth.js";
import type * as objects from "../objects.js";
import type * as plans from "../plans.js";
import type * as remoteServers from "../remoteServers.js";
import type * as retention from "../retention.js";
import type * as sessions from "../sessions.js";
import type * as stripe from "../stripe.js";
import type * as stripeReport from "../stripeReport.js";
import type * as toolsets from "../toolsets.js";
import type * as usage from "../usage.js";
import type * as users from "../users.js";
import type * as validators from "../validators.js";

/**
 * A utility for referencing Convex functions in your app's API.
 *
 * Usage:
 * ```js
 * const myFunctionReference = api.myModule.myFunction;
 * ```
 */
declare const fullApi: ApiFromModules<{
  accounts: typeof accounts;
  archives: typeof archives;
  billing: typeof billing;
  calls: typeof calls;
  components: typeof components_;
  connections: typeof connections;
  crons: typeof crons;
  env: typeof env;
  http: typeof http;
  hub: typeof hub;
  keys: typeof keys;
  "model/accounts": typeof model_accounts;
  "model/archive-job": typeof model_archive_job;
  "model/archives": typeof model_archives;
  "model/billing": typeof model_billing;
  "model/calls": typeof model_calls;
  "model/changes": typeof model_changes;
  "model/components": typeof model_components;
  "model/connections": typeof model_connections;
  "model/keys": typeof model_keys;
  "model/leases": typeof model_leases;
  "model/nonces": typeof model_nonces;
  "model/oauth": typeof model_oauth;
  "model/objects": typeof model_objects;
  "model/plans": typeof model_plans;
  "model/records": typeof model_records;
  "model/remote-servers": typeof model_remote_servers;
  "model/sessions": typeof model_sessions;
  "model/stripe-events": typeof model_stripe_events;
  "model/toolsets": typeof model_toolsets;
  "model/usage": typeof model_usage;
  "model/users": typeof model_users;
  nonces: typeof nonces;
  oauth: typeof oauth;
  objects: typeof objects;
  plans: typeof plans;
  remoteServers: typeof remoteServers;
  retention: typeof retention;
  sessions: typeof sessions;
  stripe: typeof stripe;
  stripeReport: typeof stripeReport;
  toolsets: typeof toolsets;
  usage: typeof usage;
  users: typeof users;
  validators: typeof validators;
}>;
export declare const api: FilterApi<
  typeof fullApi,
  FunctionReference<any, "public">
>;
export declare const internal: FilterApi<
  typeof fullApi,
  FunctionReference<any, "internal">
>;
