/**
 * Replaces the SDK's `@modelcontextprotocol/{client,server}/_shims` module in
 * the bundle (scripts/build.ts). The Node shims exist to pick AJV as the
 * default JSON Schema validator; the bridge passes its own validator to both
 * the `Client` and the `Server`, so the default is never constructed — and
 * AJV (two copies, ~300 KiB) need not be loaded at every start.
 * The exports mirror the SDK 2.4 Node shims; a mismatch fails the build.
 */
import process from 'node:process';
import { PassThroughValidator } from './pass-through-validator.ts';

/** In Node a `TypeError` from `fetch` is a network error, never CORS. */
export const CORS_IS_POSSIBLE = false;
export { PassThroughValidator as DefaultJsonSchemaValidator, process };
