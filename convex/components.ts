/**
 * References to the deployment's components (convex.config.ts). `convex
 * codegen` without a deployment leaves the `components` export out of
 * `_generated/api` (DESIGN.md), and `_generated` must stay exactly what
 * codegen writes (test/run.sh), so the reference is made here, typed by the
 * component's own generated API.
 */
import { componentsGeneric } from 'convex/server';
import type { ComponentApi as StripeComponentApi } from '@convex-dev/stripe/_generated/component.js';

export const components = componentsGeneric() as unknown as { stripe: StripeComponentApi<'stripe'> };
