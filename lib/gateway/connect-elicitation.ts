/**
 * Connect links as URL-mode elicitation (issue 13: "where the client supports
 * URL-mode elicitation, offer it as well"). A call that needs its integration
 * connected always gets the link in its `isError` text (connect-link.ts). A
 * client that declared `elicitation.url` on a 2026-07-28 request is instead
 * answered `input_required` with one `elicitation/create` in URL mode: it
 * shows its user the link, the user connects in the browser, and the client
 * retries the same call, which now runs. The retry carries the answer under
 * the ask's key; whatever it says (accepted, declined, cancelled), the hub
 * then runs the call as usual, so a user who did not connect gets the text
 * result with a fresh link rather than a second ask.
 *
 * 2026-07-28 only: on that revision the ask rides the multi-round-trip result
 * (spec basic/patterns/mrtr). 2025-era clients declare capabilities once, at
 * `initialize`, which a stateless hub does not keep, so they get the text.
 */
import { CLIENT_CAPABILITIES_META_KEY, inputRequired, type CallToolResult, type InputRequiredResult } from '@modelcontextprotocol/server';
import type { ConnectOffer, ToolCallOutcome } from './pipeline.ts';

/** The prefix of a connect ask's `inputRequests` key (`mcphub_connect_github`): how its answer is recognised on the retry. */
const ASK_PREFIX = 'mcphub_connect_';

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Whether a call may be answered with a connect ask: the request's envelope
 * (`_meta`) declares URL-mode elicitation, and the call is not the retry that
 * answers an earlier ask.
 */
export function offersUrlElicitation(envelope: Record<string, unknown> | undefined, inputResponses: Record<string, unknown> | undefined): boolean {
  const capabilities = envelope?.[CLIENT_CAPABILITIES_META_KEY];
  if (!isObject(capabilities) || !isObject(capabilities.elicitation) || !isObject(capabilities.elicitation.url)) return false;
  return !Object.keys(inputResponses ?? {}).some((key) => key.startsWith(ASK_PREFIX));
}

/** The input-required answer that sends the user to `offer`'s link. */
export function connectAsk(offer: ConnectOffer): InputRequiredResult {
  return inputRequired({ inputRequests: { [`${ASK_PREFIX}${offer.slug}`]: inputRequired.elicitUrl({ message: offer.message, url: offer.url }) } });
}

/** What a call is answered with: the connect ask when the client takes one and connecting would fix the call, else its result. */
export function answerOf(outcome: ToolCallOutcome, urlElicitation: boolean | undefined): CallToolResult | InputRequiredResult {
  return urlElicitation && outcome.connect ? connectAsk(outcome.connect) : outcome.result;
}
