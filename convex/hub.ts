/**
 * Builders for the functions the hub calls. Convex functions are public by
 * nature (the hub reaches them over HTTP with ConvexHttpClient), so each one
 * takes the shared `secret` and refuses any caller without it: an anonymous
 * client of the deployment can call nothing here. convex-helpers'
 * customQuery/customMutation add the argument and the check to every function
 * in one place.
 */
import { ConvexError, v } from 'convex/values';
import { customAction, customMutation, customQuery } from 'convex-helpers/server/customFunctions';
import { action, mutation, query } from './_generated/server';
import { hubSecret } from './env.ts';

/** Constant-time comparison, so response timing does not reveal how much of a guess was right. */
function sameSecret(given: string, expected: string): boolean {
  if (given.length !== expected.length) return false;
  let difference = 0;
  for (let i = 0; i < given.length; i++) difference |= given.charCodeAt(i) ^ expected.charCodeAt(i);
  return difference === 0;
}

const checkSecret = {
  args: { secret: v.string() },
  input: async (_ctx: unknown, { secret }: { secret: string }) => {
    if (!sameSecret(secret, hubSecret())) throw new ConvexError({ code: 'UNAUTHORIZED', message: 'MCP Hub functions need the hub secret (MCPHUB_CONVEX_SECRET).' });
    return { ctx: {}, args: {} };
  },
};

export const hubQuery = customQuery(query, checkSecret);
export const hubMutation = customMutation(mutation, checkSecret);
export const hubAction = customAction(action, checkSecret);
