/**
 * Where a page goes once its form is done (`?next=`, e.g. the sign-in page
 * opened from a chat's connect link): only a path on this same origin, so a
 * crafted link cannot send a person who just signed in to another site.
 */

/** Longest `next` taken; a connect link's path and token fit well inside. */
const MAX_NEXT_CHARS = 512;

/** `value` when it is a local path (`/…`, not `//host` or `/\host`, no control characters), else null. */
export function localPath(value: string | null | undefined): string | null {
  if (typeof value !== 'string' || value.length > MAX_NEXT_CHARS || !value.startsWith('/')) return null;
  if (value.startsWith('//') || value.startsWith('/\\') || /[\u0000-\u001f\u007f\\]/.test(value)) return null;
  return value;
}
