/**
 * The deployment's environment, read here only (DESIGN.md). Set it with
 * `npx convex env set MCPHUB_CONVEX_SECRET <value>`; the hub is given the same
 * value, and every function the hub calls checks it.
 */
export function hubSecret(): string {
  const secret = process.env.MCPHUB_CONVEX_SECRET;
  if (!secret || secret.length < 32) {
    throw new Error('MCPHUB_CONVEX_SECRET is not set on this deployment (or is shorter than 32 characters): run `npx convex env set MCPHUB_CONVEX_SECRET <the hub\'s value>`');
  }
  return secret;
}
