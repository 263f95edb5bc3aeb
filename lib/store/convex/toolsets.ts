/**
 * The toolsets half of the Convex Store (lib/store/toolsets.ts): each method
 * one call of a function in convex/toolsets.ts, through the adapter's own
 * calls (which add the hub secret and turn refusals into StoreErrors).
 */
import { api } from '../../../convex/_generated/api';
import { StoreError } from '../port.ts';
import { cleanRules, toolsetProblem, type ToolsetSpec, type ToolsetStore } from '../toolsets.ts';
import type { ConvexCalls } from './accounts.ts';

const actorOf = (input: { actor?: string }) => (input.actor === undefined ? {} : { actor: input.actor });

/** Checked here as well as in the deployment, so a bad shape is the same INVALID_INPUT as on the embedded store, not a validator error. */
function checked<T extends Partial<ToolsetSpec>>(input: T): T {
  const problem = toolsetProblem(input);
  if (problem) throw new StoreError('INVALID_INPUT', problem);
  return input.rules === undefined ? input : { ...input, rules: cleanRules(input.rules) };
}

export function convexToolsets({ query, mutation, now }: ConvexCalls): ToolsetStore {
  return {
    listToolsets: (userId) => query(api.toolsets.list, { userId }),
    getToolset: (userId, id) => query(api.toolsets.get, { userId, id }),
    createToolset: async (raw) => {
      const input = checked(raw);
      return mutation(api.toolsets.create, { userId: input.userId, name: input.name, rules: input.rules, excludeDestructive: input.excludeDestructive, mode: input.mode, ...(input.passThrough !== undefined && { passThrough: input.passThrough }), ...actorOf(input), now: now() });
    },
    updateToolset: async (raw) => {
      const input = checked(raw);
      return mutation(api.toolsets.update, {
        userId: input.userId,
        id: input.id,
        ...(input.name !== undefined && { name: input.name }),
        ...(input.rules !== undefined && { rules: input.rules }),
        ...(input.excludeDestructive !== undefined && { excludeDestructive: input.excludeDestructive }),
        ...(input.mode !== undefined && { mode: input.mode }),
        ...(input.passThrough !== undefined && { passThrough: input.passThrough }),
        ...actorOf(input),
        now: now(),
      });
    },
    deleteToolset: (input) => mutation(api.toolsets.remove, { userId: input.userId, id: input.id, ...actorOf(input), now: now() }),
    bindApiKey: (input) => mutation(api.toolsets.bindKey, { userId: input.userId, keyId: input.keyId, toolsetId: input.toolsetId, mode: input.mode, ...actorOf(input), now: now() }),
  };
}
