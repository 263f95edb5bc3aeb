/** Users' plans and their billable calls per period: thin wrappers over model/plans.ts, callable only with the hub secret. */
import { v } from 'convex/values';
import { hubMutation, hubQuery } from './hub.ts';
import * as Plans from './model/plans.ts';
import { vActorAt, vUser } from './validators.ts';

export const setUserPlan = hubMutation({ args: { userId: v.string(), plan: v.string(), ...vActorAt }, returns: vUser, handler: (ctx, args) => Plans.setUserPlan(ctx, args) });
export const countBillableCalls = hubQuery({ args: { userId: v.string(), period: v.string() }, returns: v.number(), handler: (ctx, args) => Plans.countBillableCalls(ctx, args) });
