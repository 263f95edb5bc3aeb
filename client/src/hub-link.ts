/**
 * The bridge's one connection to the hub: an SDK `Client` over Streamable
 * HTTP, kept usable for the life of the process.
 *
 * - It connects in the background once started (main.ts starts it after the
 *   AI client's first message), so `initialize` never waits for the network;
 *   requests need only the connection, not the change stream.
 * - On the 2026-07-28 protocol requests are stateless, so one connected
 *   `Client` survives hub restarts; only the `subscriptions/listen` stream
 *   (how `list_changed` arrives) breaks. When it breaks, the link re-listens
 *   with backoff and, once back, reports every list as changed — whatever
 *   happened while it was away is then picked up by one re-list.
 * - A request that finds the hub down tries to connect at once instead of
 *   waiting for the backoff timer.
 */
import { Client, StreamableHTTPClientTransport, type FetchLike, type McpSubscription } from '@modelcontextprotocol/client';
import { HubUnavailableError, NetworkError, classifyFailure, describeFailure, networkReason, type HubFailure } from './failures.ts';
import { keyLabel, type Log } from './log.ts';
import { PassThroughValidator } from './pass-through-validator.ts';

export type ListKind = 'tools' | 'prompts' | 'resources';

export interface HubLinkOptions {
  url: URL;
  token: string;
  headers: Record<string, string>;
  clientInfo: { name: string; version: string };
  log: Log;
  /** A list on the hub changed, or may have changed while the link was down. */
  onListChanged: (kind: ListKind) => void;
  /** A `notifications/message` from the hub. */
  onLogMessage: (params: { level: string; data?: unknown; logger?: string }) => void;
}

/** Reconnect delays: quick at first (a hub restart takes about a second), then every few seconds. */
const BACKOFF_MS = [250, 500, 1000, 2000, 5000];
const CONNECT_TIMEOUT_MS = 10_000;

export class HubLink {
  #client: Client | undefined;
  #connecting: Promise<Client> | undefined;
  #healing: Promise<void> | undefined;
  #subscription: McpSubscription | undefined;
  #failure: HubFailure | undefined;
  #attempt = 0;
  #timer: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(private readonly options: HubLinkOptions) {}

  /** Starts connecting (and listening) in the background. */
  start(): void {
    void this.#heal();
  }

  get url(): URL {
    return this.options.url;
  }

  /** Why the hub is unusable right now, if it is. */
  get failure(): HubFailure | undefined {
    return this.#failure;
  }

  /**
   * The connected client; connects now if needed, without waiting for the
   * change stream (that follows in the background). Throws
   * `HubUnavailableError` with an actionable message.
   */
  async client(): Promise<Client> {
    if (this.#client) return this.#client;
    try {
      const client = await this.#ensureConnected();
      void this.#heal();
      return client;
    } catch (error) {
      // Recorded like a failed background attempt, so healing is scheduled whatever the cause.
      const failure = classifyFailure(error) ?? unexplained(error);
      this.#setFailure(failure);
      throw this.unavailable(failure);
    }
  }

  /** Call after a request failed: records an outage (so the link starts healing) and returns the classification. */
  noteFailure(error: unknown): HubFailure | undefined {
    const failure = classifyFailure(error);
    if (failure) this.#setFailure(failure);
    return failure;
  }

  unavailable(failure: HubFailure): HubUnavailableError {
    return new HubUnavailableError(failure, describeFailure(failure, this.options.url));
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#cancelRetry();
    await this.#subscription?.close().catch(() => {});
    await this.#client?.close().catch(() => {});
  }

  /** Connects once; concurrent callers share the attempt. */
  #ensureConnected(): Promise<Client> {
    if (this.#client) return Promise.resolve(this.#client);
    this.#connecting ??= this.#connect()
      .then((client) => (this.#client = client))
      .finally(() => (this.#connecting = undefined));
    return this.#connecting;
  }

  /** Gets the link fully online — connected and listening — at start, on the retry timer, and after a connect; one run at a time. */
  #heal(): Promise<void> {
    this.#healing ??= this.#healOnce().finally(() => (this.#healing = undefined));
    return this.#healing;
  }

  async #healOnce(): Promise<void> {
    this.#cancelRetry();
    const recovering = this.#failure !== undefined || this.#attempt > 0;
    if (this.#client && this.#subscription && !recovering) return;
    try {
      await this.#listen(await this.#ensureConnected());
    } catch (error) {
      this.#setFailure(classifyFailure(error) ?? unexplained(error));
      return;
    }
    const { log, url } = this.options;
    if (recovering) log.info(`connected to MCP Hub at ${url.href}`);
    else log.debug(`connected to MCP Hub at ${url.href} (protocol ${this.#client?.getNegotiatedProtocolVersion()})`);
    this.#failure = undefined;
    this.#attempt = 0;
    // Lists may have changed while we were away (or this is the first connection after a failed start).
    if (recovering) for (const kind of ['tools', 'prompts', 'resources'] as const) this.options.onListChanged(kind);
  }

  async #connect(): Promise<Client> {
    const { url, token, headers, clientInfo, log } = this.options;
    log.debug(`connecting to ${url.href} with key ${keyLabel(token)}`);
    const client = new Client(clientInfo, { versionNegotiation: { mode: 'auto' }, jsonSchemaValidator: new PassThroughValidator() });
    client.setNotificationHandler('notifications/tools/list_changed', () => this.options.onListChanged('tools'));
    client.setNotificationHandler('notifications/prompts/list_changed', () => this.options.onListChanged('prompts'));
    client.setNotificationHandler('notifications/resources/list_changed', () => this.options.onListChanged('resources'));
    client.setNotificationHandler('notifications/message', (notification) => this.options.onLogMessage(notification.params));
    // Stream drops are handled through the subscription's `closed`; everything else the SDK reports is worth a debug line.
    client.onerror = (error) => log.debug(`hub connection: ${error.message}`);
    const transport = new StreamableHTTPClientTransport(url, {
      authProvider: { token: async () => token },
      requestInit: { headers },
      fetch: fetchOrNetworkError,
    });
    try {
      await client.connect(transport, { timeout: CONNECT_TIMEOUT_MS });
    } catch (error) {
      await client.close().catch(() => {});
      throw error;
    }
    return client;
  }

  /** Opens `subscriptions/listen` for whatever lists the hub says can change (2026-07-28 only; legacy servers push on their own). */
  async #listen(client: Client): Promise<void> {
    if (this.#subscription || client.getNegotiatedProtocolVersion()! < '2026') return;
    const capabilities = client.getServerCapabilities() ?? {};
    const filter = {
      toolsListChanged: capabilities.tools?.listChanged === true,
      promptsListChanged: capabilities.prompts?.listChanged === true,
      resourcesListChanged: capabilities.resources?.listChanged === true,
    };
    if (!Object.values(filter).some(Boolean)) return;
    const subscription = await client.listen(filter, { timeout: CONNECT_TIMEOUT_MS });
    this.#subscription = subscription;
    void subscription.closed.then((reason) => {
      this.#subscription = undefined;
      if (reason === 'local' || this.#closed) return;
      this.options.log.debug(`the hub closed its change stream (${reason}); listening again`);
      this.#scheduleRetry(0);
    });
  }

  #setFailure(failure: HubFailure): void {
    const message = describeFailure(failure, this.options.url);
    if (!this.#failure || this.#failure.kind !== failure.kind) this.options.log.info(message);
    else this.options.log.debug(message);
    const firstRejection = failure.kind === 'rejected' && this.#failure?.kind !== 'rejected';
    this.#failure = failure;
    if (firstRejection) {
      // The hub will not take this key again, so there is nothing to retry; tell the AI client to re-list so it sees why.
      this.options.onListChanged('tools');
      return;
    }
    if (failure.kind !== 'rejected') this.#scheduleRetry(BACKOFF_MS[Math.min(this.#attempt, BACKOFF_MS.length - 1)]!);
  }

  #cancelRetry(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #scheduleRetry(delayMs: number): void {
    if (this.#closed || this.#timer) return;
    this.#attempt++;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      void this.#heal();
    }, delayMs);
  }
}

/** A failure the classifier does not know (a protocol error while connecting, say): treated as an outage, so the link keeps retrying. */
function unexplained(error: unknown): HubFailure {
  return { kind: 'unreachable', reason: (error as Error).message };
}

/** `fetch`, with "no response at all" turned into a `NetworkError` that names the cause. */
const fetchOrNetworkError: FetchLike = async (input, init) => {
  try {
    return await fetch(input, init);
  } catch (error) {
    if ((error as Error).name === 'AbortError' || init?.signal?.aborted) throw error;
    throw new NetworkError(networkReason(error), { cause: error });
  }
};
