/**
 * A JSON Schema "validator" that accepts everything. The bridge relays: the
 * hub validates tool arguments, and the AI client validates results against
 * the schemas it listed. Validating again in between could only turn a result
 * the AI client would accept into an error it never sees.
 *
 * It also stands in for the SDK's default (AJV) in the bundle — see
 * `src/sdk-shims.ts` and `scripts/build.ts` — which halves the bundle and
 * Node's start-up work.
 */
import type { jsonSchemaValidator, JsonSchemaValidator } from '@modelcontextprotocol/client';

export class PassThroughValidator implements jsonSchemaValidator {
  getValidator<T>(): JsonSchemaValidator<T> {
    return (input) => ({ valid: true, data: input as T, errorMessage: undefined });
  }
}
