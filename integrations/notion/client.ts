/**
 * The Notion client factory: the official SDK pointed at api.notion.com or a
 * test base URL, on the API version the SDK defaults to (2025-09-03, where
 * databases hold data sources and rows are queried through `dataSources.query`).
 */
import { Client } from '@notionhq/client';
import type { ClientOptions } from '../../lib/mcp/define.ts';

export const NOTION_API_URL = 'https://api.notion.com';

export type NotionClient = Client;

/**
 * A fetch failure before any HTTP answer (refused connection, DNS, TLS). The
 * SDK lets fetch's own TypeError through unchanged, where it could not be told
 * apart from a bug; wrapping it here lets `errors.ts` map it precisely.
 */
export class NotionUnreachableError extends Error {
  override name = 'NotionUnreachableError';
}

export function createNotionClient(token: string, options: ClientOptions): NotionClient {
  // The SDK never passes an AbortSignal to fetch, so the executor's signal (timeout, cancellation) is added here.
  const fetchWithSignal = async (url: string, init?: RequestInit) => {
    try {
      return await options.fetch(url, { ...init, signal: options.signal });
    } catch (error) {
      if (options.signal.aborted) throw error;
      throw new NotionUnreachableError(`fetch ${new URL(url).origin} failed: ${(error as Error).message}`, { cause: error });
    }
  };
  return new Client({
    auth: token,
    baseUrl: options.baseUrl ?? NOTION_API_URL,
    fetch: fetchWithSignal,
    // No SDK retries: its back-off sleeps ignore the abort signal and honour Retry-After up to 60 s,
    // which would hold a call past the executor's timeout and past cancellation. A 429 or 5xx is
    // reported at once with the wait Notion asked for; the model (or person) decides to try again.
    retry: false,
    // The SDK's default logger writes request warnings to the console; the hub logs upstream failures itself.
    logger: () => {},
  });
}
