/**
 * MCPHUB_PLANS: the operator's plan table, as inline JSON or the path of a
 * JSON file: a list of plans (or `{ "plans": [...] }`). A plan whose id is
 * built in (free, pro, team, enterprise) overrides only the fields it gives;
 * a new id must give every field. Every user starts on `free` (the store's
 * default), so a hub that wants another starting point redefines `free`
 * rather than naming another default. Validated with zod; each problem names
 * its field (`plans[1].callsPerMinute`) and the fix.
 */
import { readFileSync } from 'node:fs';
import * as z from 'zod';
import { createPlanTable, DEFAULT_PLAN_ID, DEFAULT_PLANS, PLAN_ID_PATTERN, type Plan, type PlanTable } from './plans.ts';

/** Most plans a table may hold, and the longest MCPHUB_PLANS file read: a table is a handful of plans. */
const MAX_PLANS = 50;
const MAX_PLANS_BYTES = 64 * 1024;

const count = (max: number) => z.number().int('must be a whole number').min(0, 'must be 0 or more').max(max, `must be at most ${max}`);
const limit = (max: number) => count(max).nullable();

const PlanFieldsSchema = z.strictObject({
  id: z.string().regex(PLAN_ID_PATTERN, 'must be lower case letters, digits, - or _, starting with a letter, at most 32 characters (e.g. "pro")'),
  name: z.string().trim().min(1, 'must not be empty').max(60, 'must be at most 60 characters'),
  callsPerMonth: limit(1_000_000_000),
  callsPerMinute: count(1_000_000).min(1, 'must be at least 1'),
  burst: count(1_000_000).min(1, 'must be at least 1'),
  maxKeys: limit(100_000),
  maxIntegrations: limit(100_000),
  logRetentionDays: count(3_650).min(1, 'must be at least 1'),
  overage: z.enum(['refuse', 'bill'], { error: 'must be "refuse" or "bill"' }),
});

const PlanEntrySchema = PlanFieldsSchema.partial().required({ id: true });

/** The file's shape once a bare list is read as `{ plans: [...] }`, so every problem has a path under it. */
const PlansFileSchema = z.strictObject({
  plans: z.array(PlanEntrySchema, { error: 'must be a list of plans' }).max(MAX_PLANS, `must hold at most ${MAX_PLANS} plans`),
}, { error: 'must be a list of plans, e.g. [{"id":"free","callsPerMonth":5000}]' });

/** MCPHUB_PLANS could not be used; the message names the problem and the fix. */
export class PlanConfigError extends Error {
  override name = 'PlanConfigError';
}

/** Reads the setting's text: inline JSON as given, otherwise the file it names (bounded). */
function readSetting(setting: string): { text: string; source: string } {
  const trimmed = setting.trim();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) return { text: trimmed, source: 'MCPHUB_PLANS' };
  let text: string;
  try {
    text = readFileSync(trimmed, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new PlanConfigError(`MCPHUB_PLANS names the file ${trimmed}, which cannot be read (${reason}). Set it to a readable JSON file or to inline JSON such as [{"id":"pro","callsPerMonth":100000}].`);
  }
  if (Buffer.byteLength(text) > MAX_PLANS_BYTES) throw new PlanConfigError(`MCPHUB_PLANS file ${trimmed} is larger than ${MAX_PLANS_BYTES / 1024} KiB; a plan table is a handful of plans.`);
  return { text, source: `MCPHUB_PLANS (${trimmed})` };
}

const pathOf = (path: readonly PropertyKey[]) => path.map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`)).join('').replace(/^\./, '');

/**
 * The plan table the setting describes on top of the built-in plans; the
 * built-in table without a setting. Throws PlanConfigError naming each bad field.
 */
export function resolvePlans(setting: string | undefined): PlanTable {
  if (setting === undefined || setting.trim() === '') return createPlanTable(DEFAULT_PLANS);
  const { text, source } = readSetting(setting);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new PlanConfigError(`${source} is not valid JSON (${(error as Error).message}). Give a list of plans, e.g. [{"id":"pro","callsPerMonth":100000}].`);
  }
  const parsed = PlansFileSchema.safeParse(Array.isArray(json) ? { plans: json } : json);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${pathOf(issue.path) || '(top level)'}: ${issue.message}`);
    throw new PlanConfigError(`${source} is not a plan table:\n${lines.join('\n')}\nFix these fields (README, "Plans and limits") and start again.`);
  }
  const entries = parsed.data.plans;
  const plans = new Map<string, Plan>(DEFAULT_PLANS.map((plan) => [plan.id, plan]));
  const problems: string[] = [];
  entries.forEach((entry, index) => {
    const base = plans.get(entry.id);
    const merged = PlanFieldsSchema.safeParse({ ...base, ...entry });
    if (merged.success) plans.set(entry.id, merged.data);
    else for (const issue of merged.error.issues) {
      const missing = !base && !(String(issue.path[0]) in entry);
      problems.push(`  plans[${index}] (${entry.id}).${pathOf(issue.path)}: ${missing ? 'is required for a new plan (only a built-in plan may leave fields out)' : issue.message}`);
    }
  });
  if (problems.length > 0) throw new PlanConfigError(`${source} is not a plan table:\n${problems.join('\n')}\nFix these fields (README, "Plans and limits") and start again.`);
  return createPlanTable([...plans.values()], DEFAULT_PLAN_ID);
}
