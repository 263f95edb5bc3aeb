/**
 * The components convex.config.ts installs, typed. `convex codegen` without
 * a deployment leaves the `components` export out of `_generated/api`
 * (DESIGN.md); this is what it would generate. Once codegen writes it, import
 * `components` from `../_generated/api` instead.
 */
import { componentsGeneric } from 'convex/server';
import type { ComponentApi as R2Api } from '@convex-dev/r2/_generated/component.js';

export const components = componentsGeneric() as unknown as { r2: R2Api<'r2'> };
