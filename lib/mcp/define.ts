/**
 * The integration framework (STYLE.md 2): an integration is data. Each tool is
 * one `defineTool(...)` in its own file; an integration bundles its tools with a
 * client factory and its error mapping. The registry (`registry.ts`) turns the
 * static list into a routing table once, at start.
 */
import type * as z from 'zod';
import type { ToolError } from './errors.ts';

/** MCP tool annotations; every tool states all four so clients can tell reads from writes. */
export interface ToolAnnotations {
  title: string;
  readOnlyHint: boolean;
  destructiveHint: boolean;
  idempotentHint: boolean;
  openWorldHint: boolean;
}

/** What a tool returns: readable text for the model, and the same data structured. */
export interface ToolOutput {
  text: string;
  structured?: Record<string, unknown>;
}

export interface ToolContext<Client> {
  client: Client;
  /** Aborted on timeout or when the caller cancels; pass it to every upstream request. */
  signal: AbortSignal;
}

export interface ToolDefinition<Input extends z.ZodObject = z.ZodObject, Client = unknown> {
  /** snake_case, verb_noun, never containing `__`. */
  name: string;
  description: string;
  input: Input;
  annotations: ToolAnnotations;
  handler: (args: z.output<Input>, ctx: ToolContext<Client>) => Promise<ToolOutput>;
}

export function defineTool<Input extends z.ZodObject, Client>(tool: ToolDefinition<Input, Client>): ToolDefinition<Input, Client> {
  return tool;
}

export interface ClientOptions<Settings = unknown> {
  /** Upstream API base URL override (`MCPHUB_<SLUG>_API_URL`), e.g. for GitHub Enterprise or a test fake. */
  baseUrl?: string;
  /** The fetch every upstream request must go through: it measures upstream latency, and reads each response within MCPHUB_MAX_UPSTREAM_BYTES, refusing bodies cut short and successes labelled JSON that do not parse. */
  fetch: typeof fetch;
  /** Measures upstream work that does not go through `fetch` (a database protocol). */
  timeUpstream: <T>(work: () => Promise<T>) => Promise<T>;
  /**
   * What one call may read from an upstream not reached through `fetch` (which
   * bounds its responses itself): at most `maxBytes` (MCPHUB_MAX_UPSTREAM_BYTES).
   * Past it the integration cuts the connection and throws `exceeded()`, which
   * the executor reports whatever the driver throws after the cut.
   */
  readLimit: { maxBytes: number; exceeded: () => ToolError };
  signal: AbortSignal;
  /** This connection's settings, parsed by the integration's `settings` schema (defaults filled in). */
  settings: Settings;
}

export interface IntegrationAuth {
  kind: 'token';
  /** What the credential is called in prompts and errors ("personal access token"). */
  label: string;
  /** Where a person gets one. */
  help: string;
  scopes: string[];
  /** Why a credential cannot be right (its shape), checked when it is stored; null when it looks usable. Must not echo the credential. */
  check?: (credential: string) => string | null;
}

/** Who a credential belongs to, as the service reported it when it was verified. */
export interface ConnectedAccount {
  /** One line a person recognises: `octocat`, `Hub Bot in Acme`, `hub_reader@db.example:5432/shop`. */
  label: string;
}

/** A connection's settings schema: flat fields of boolean, number or string, each with a default and a description. */
export type SettingsSchema = z.ZodObject<Record<string, z.ZodDefault<z.ZodBoolean | z.ZodNumber | z.ZodString>>>;

export interface IntegrationDefinition<Client = unknown, Settings extends SettingsSchema = SettingsSchema> {
  slug: string;
  name: string;
  description: string;
  category: string;
  auth: IntegrationAuth;
  /**
   * Per-connection settings a person changes with `mcphub integrations settings`
   * (or the dashboard). Every field has a safe default, so a connection with no
   * stored settings gets the safe behaviour.
   */
  settings?: Settings;
  createClient: (credential: string, options: ClientOptions<z.output<Settings>>) => Client;
  /**
   * Asks the service who the credential belongs to (GitHub `GET /user`, Slack
   * `auth.test`, …) through a client from `createClient`, so a wrong or revoked
   * credential is refused when it is saved rather than on the first tool call.
   * SDK failures are mapped by `mapError` like any call's.
   */
  verify?: (client: Client) => Promise<ConnectedAccount>;
  /** Releases what the integration keeps between calls (pooled database connections); called when the hub stops. */
  close?: () => Promise<void>;
  /** Maps an SDK failure to a ToolError; undefined for errors that are bugs, which surface as internal errors. */
  mapError: (error: unknown) => ToolError | undefined;
  // Tools are heterogeneous in their input schemas; the registry checks each one.
  tools: ToolDefinition<any, Client>[];
}

/** An integration with its client type erased: what the registry and the hub hold (each tool is still checked against its own client at definition). */
export type AnyIntegration = IntegrationDefinition<any, any>;

export function defineIntegration<Client, Settings extends SettingsSchema = SettingsSchema>(integration: IntegrationDefinition<Client, Settings>): IntegrationDefinition<Client, Settings> {
  return integration;
}
