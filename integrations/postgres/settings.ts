/** What a person can change per PostgreSQL connection (`mcphub integrations settings postgres …`); the defaults are the safe choice. */
import * as z from 'zod';

export const PostgresSettingsSchema = z.object({
  allow_writes: z.boolean().default(false).describe('Let execute_sql change data and schema. Off: every statement runs in a READ ONLY transaction'),
  statement_timeout_ms: z.number().int().min(100).max(600_000).default(15_000).describe('PostgreSQL cancels a statement that runs longer than this (milliseconds)'),
});

export type PostgresSettings = z.output<typeof PostgresSettingsSchema>;
