/**
 * Per-connection settings (such as PostgreSQL's `allow_writes`): how a person's
 * `name=value` text becomes stored settings, and how stored settings are shown.
 * Each integration declares its settings as a zod object whose fields all have
 * a default and a description; only the values a person set are stored, so a
 * connection nobody changed follows the integration's (safe) defaults.
 */
import type * as z from 'zod';
import type { ConnectionSettings } from '../store/port.ts';
import { describeIssues } from './errors.ts';
import type { AnyIntegration, SettingsSchema } from './define.ts';

export interface SettingView {
  name: string;
  type: 'boolean' | 'number' | 'string';
  /** The value in force: the stored one, or the default. */
  value: string | number | boolean;
  default: string | number | boolean;
  /** True when the person set it (it is stored). */
  set: boolean;
  description: string;
}

export type SettingsResult = { ok: true; settings: ConnectionSettings } | { ok: false; message: string };

const TRUE_WORDS = new Set(['true', 'on', 'yes', '1']);
const FALSE_WORDS = new Set(['false', 'off', 'no', '0']);

function fieldsOf(schema: SettingsSchema | undefined): Array<[string, z.ZodDefault<z.ZodBoolean | z.ZodNumber | z.ZodString>]> {
  return schema ? Object.entries(schema.shape) : [];
}

function typeOf(field: z.ZodDefault<z.ZodBoolean | z.ZodNumber | z.ZodString>): SettingView['type'] {
  return field.unwrap().def.type as SettingView['type'];
}

/** The settings an integration has, with the values in force for `stored`. */
export function describeSettings(integration: AnyIntegration, stored: ConnectionSettings = {}): SettingView[] {
  return fieldsOf(integration.settings).map(([name, field]) => {
    const fallback = field.def.defaultValue as SettingView['default'];
    return { name, type: typeOf(field), value: stored[name] ?? fallback, default: fallback, set: name in stored, description: field.description ?? '' };
  });
}

/** One `name=value` as its typed value, or why it cannot be one. */
function parseAssignment(integration: AnyIntegration, assignment: string): { name: string; value: string | number | boolean } | string {
  const names = fieldsOf(integration.settings).map(([name]) => name);
  const known = names.length ? `Settings of ${integration.name}: ${names.join(', ')}.` : `${integration.name} has no settings.`;
  const at = assignment.indexOf('=');
  if (at <= 0) return `"${assignment}" is not name=value (for example allow_writes=on). ${known}`;
  const name = assignment.slice(0, at).trim();
  const raw = assignment.slice(at + 1).trim();
  const field = integration.settings?.shape[name];
  if (!field) return `Unknown setting "${name}". ${known}`;
  switch (typeOf(field)) {
    case 'boolean':
      if (TRUE_WORDS.has(raw.toLowerCase())) return { name, value: true };
      if (FALSE_WORDS.has(raw.toLowerCase())) return { name, value: false };
      return `${name} is on or off (true/false, yes/no, 1/0), not "${raw}".`;
    case 'number':
      return raw !== '' && Number.isFinite(Number(raw)) ? { name, value: Number(raw) } : `${name} is a number, not "${raw}".`;
    case 'string':
      return { name, value: raw };
  }
}

/**
 * Applies `name=value` assignments over the stored settings and validates the
 * result with the integration's schema. `name=default` removes a stored value.
 */
export function applySettings(integration: AnyIntegration, stored: ConnectionSettings, assignments: readonly string[]): SettingsResult {
  const next: ConnectionSettings = { ...stored };
  for (const assignment of assignments) {
    if (assignment.endsWith('=default')) {
      const name = assignment.slice(0, -'=default'.length).trim();
      if (integration.settings?.shape[name]) {
        delete next[name];
        continue;
      }
    }
    const parsed = parseAssignment(integration, assignment);
    if (typeof parsed === 'string') return { ok: false, message: parsed };
    next[parsed.name] = parsed.value;
  }
  // Stored values only, without the defaults: a connection follows default changes it never overrode.
  const checked = integration.settings?.strict().safeParse(next);
  if (checked && !checked.success) return { ok: false, message: `Invalid settings for ${integration.name}: ${describeIssues(checked.error.issues)}.` };
  return { ok: true, settings: next };
}
