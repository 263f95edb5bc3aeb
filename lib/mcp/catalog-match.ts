/**
 * Which catalog entries a search asks for: the words in the slug, name or
 * description, within one category. One matcher for GET /api/v1/integrations
 * (`?q=&category=`) and the Integrations page's search box, so both narrow the
 * list alike. Pure, with no imports: the page's bundle takes it as it is.
 */

/** What a search reads of an entry. */
export interface CatalogEntryText {
  slug: string;
  name: string;
  category: string;
  description: string;
}

/** A search: `q` is matched case-insensitively as one phrase; an absent or blank part matches all. */
export interface CatalogQuery {
  q?: string;
  category?: string;
}

/** True when `entry` is in `query.category` (if given) and its slug, name or description contains `query.q` (if given). */
export function matchesCatalogQuery(entry: CatalogEntryText, query: CatalogQuery): boolean {
  const words = query.q?.trim().toLowerCase();
  const text = `${entry.slug} ${entry.name} ${entry.description}`.toLowerCase();
  return (!query.category || entry.category === query.category) && (!words || text.includes(words));
}
