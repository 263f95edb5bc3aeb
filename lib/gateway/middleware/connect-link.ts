/**
 * Connect links from a chat (issue 13): a call that failed because the user
 * must connect an integration — the service refused the stored credential, or
 * the integration is not connected for them (the router's answer, or a
 * credential the hub could not use) — gets, after the fix the result already
 * names, a single-use link to `/connect/<slug>` for that user. The person
 * opens it in their signed-in browser and the next call works.
 *
 * Outermost in the chain: the call log and usage record the result as it was
 * before the link was added, so a link's token is in nothing but the answer.
 */
import type { CallToolResult } from '@modelcontextprotocol/server';
import type { Logger } from '../../log.ts';
import { toDisplayName } from '../../mcp/names.ts';
import type { Registry } from '../../mcp/registry.ts';
import type { Hints } from '../../server/hints.ts';
import type { ConnectLinkMinter } from '../../services/connect-link-minter.ts';
import type { CallMiddleware, ToolCallOutcome } from '../pipeline.ts';

/** True when the person, not the call, is what must change: connecting (again) fixes it. */
function needsConnecting(outcome: ToolCallOutcome): outcome is ToolCallOutcome & { integration: string } {
  if (outcome.integration === null || !outcome.result.isError) return false;
  return outcome.credentialRejected !== undefined || outcome.outcome === 'not_enabled';
}

/** The result with `sentence` after the text the model reads first. */
function withSentence(result: CallToolResult, sentence: string): CallToolResult {
  const [first, ...rest] = result.content;
  if (first?.type !== 'text') return { ...result, content: [{ type: 'text', text: sentence }, ...result.content] };
  return { ...result, content: [{ ...first, text: `${first.text} ${sentence}` }, ...rest] };
}

/**
 * Adds `links`' connect link, worded by `hints.connectLink`, to a result that
 * needs connecting, and offers it as `outcome.connect` for clients that take
 * URL-mode elicitation (connect-elicitation.ts); a link that cannot be issued
 * is logged and left out.
 */
export function withConnectLinks(options: { registry: Pick<Registry, 'integration'>; links: ConnectLinkMinter; hints: Pick<Hints, 'connectLink' | 'connectElicitation'>; logger: Logger }): CallMiddleware {
  return (next) => async (call) => {
    const outcome = await next(call);
    if (!needsConnecting(outcome)) return outcome;
    const integration = options.registry.integration(outcome.integration);
    if (!integration) return outcome;
    const { userId } = call.principal;
    let url: string;
    try {
      url = await options.links.linkFor(userId, integration.slug);
    } catch (error) {
      // The result still names the fix; only the shortcut is missing.
      options.logger.warn('could not issue a connect link', { userId, slug: integration.slug, reason: (error as Error).message });
      return outcome;
    }
    const connect = { slug: integration.slug, url, message: options.hints.connectElicitation(integration, toDisplayName({ slug: integration.slug, tool: outcome.tool })) };
    return { ...outcome, result: withSentence(outcome.result, options.hints.connectLink(integration, url)), connect };
  };
}
