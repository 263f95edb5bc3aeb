/**
 * Stripe's form encoding as the SDK writes it (`line_items[0][price]=…`,
 * `metadata[k]=v`, `expand[0]=…`), parsed back into nested objects and
 * arrays. Bounded: at most MAX_PARAMS pairs and MAX_DEPTH levels, or a
 * Stripe-shaped 400 — the fake must not be the thing a test's bug crashes.
 */

export type FormValue = string | FormValue[] | { [key: string]: FormValue };
export type FormObject = { [key: string]: FormValue };

const MAX_PARAMS = 500;
const MAX_DEPTH = 5;

export class FormError extends Error {}

/** Parses `a[b][0][c]=v&…` into `{ a: { b: [{ c: 'v' }] } }`. */
export function parseStripeForm(text: string): FormObject {
  const params = new URLSearchParams(text);
  const root: FormObject = {};
  let count = 0;
  for (const [name, value] of params) {
    if (++count > MAX_PARAMS) throw new FormError(`more than ${MAX_PARAMS} parameters`);
    const match = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(name);
    if (!match) throw new FormError(`malformed parameter name ${JSON.stringify(name.slice(0, 80))}`);
    const path = [match[1]!, ...[...match[2]!.matchAll(/\[([^[\]]*)\]/g)].map((m) => m[1]!)];
    if (path.length > MAX_DEPTH) throw new FormError(`parameter ${name.slice(0, 80)} is nested deeper than ${MAX_DEPTH}`);
    let node: Record<string, FormValue> = root;
    path.forEach((key, index) => {
      if (index === path.length - 1) {
        node[key] = value;
        return;
      }
      const nextIsIndex = /^\d+$/.test(path[index + 1]!);
      node[key] ??= nextIsIndex ? [] : {};
      node = node[key] as unknown as Record<string, FormValue>;
    });
  }
  return root;
}

/** A string field, or undefined. */
export const str = (value: FormValue | undefined): string | undefined => (typeof value === 'string' ? value : undefined);
/** A flat string map (metadata), or {}. */
export function strMap(value: FormValue | undefined): Record<string, string> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return {};
  return Object.fromEntries(Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}
/** An array field (the SDK sends arrays as `[0]`, `[1]`…), or []. */
export function arr(value: FormValue | undefined): FormValue[] {
  if (Array.isArray(value)) return value;
  if (value && typeof value === 'object') return Object.keys(value).sort((a, b) => Number(a) - Number(b)).map((k) => (value as FormObject)[k]!);
  return [];
}
