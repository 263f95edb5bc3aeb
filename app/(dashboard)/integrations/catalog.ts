/** The Integrations page's view of the catalog: an item as the API types it, and the categories to narrow it by. */
import type { api } from '../../_lib/api.ts';

/** An item of GET /api/v1/integrations, as the API's schema types it. */
export type Integration = NonNullable<Awaited<ReturnType<typeof api.integrations.get>>['data']>['items'][number];

/** A setting of an integration, with the value in force for the signed-in user. */
export type IntegrationSetting = Integration['settings'][number];

/** Each category with how many integrations it has, alphabetically. */
export function categoriesOf(integrations: readonly Integration[]): Array<{ category: string; count: number }> {
  const counts = new Map<string, number>();
  for (const { category } of integrations) counts.set(category, (counts.get(category) ?? 0) + 1);
  return [...counts].map(([category, count]) => ({ category, count })).sort((a, b) => a.category.localeCompare(b.category));
}
