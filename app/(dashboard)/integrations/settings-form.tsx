/**
 * An integration's settings as it declares them (PostgreSQL's `allow_writes`,
 * `statement_timeout_ms`), at the values in force: on/off settings as
 * checkboxes, others as inputs. Values go to the hub as typed, and the hub
 * checks them with the integration's own schema: a refusal is shown here,
 * the setting it names marked invalid.
 */
'use client';
import { CheckboxField, Field } from '../../_components/field.tsx';
import { api } from '../../_lib/api.ts';
import { text, useSubmit } from '../../_lib/use-submit.ts';
import type { Integration, IntegrationSetting } from './catalog.ts';

/** `allow_writes` → "Allow writes"; a unit suffix goes in brackets: `statement_timeout_ms` → "Statement timeout (ms)". */
function labelOf(name: string): string {
  const words = name.replace(/_(ms|s|mb|kb)$/, ' ($1)').replaceAll('_', ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const hintOf = (setting: IntegrationSetting) => `${setting.description}. Default: ${setting.type === 'boolean' ? (setting.default ? 'on' : 'off') : String(setting.default)}.`;

/**
 * The form's values, one per setting: a checkbox is on or off; other text goes
 * as typed, for the hub to check. A value equal to the default goes as
 * `default`, so the connection follows the integration's default, as one
 * nobody changed does.
 */
function valuesOf(settings: readonly IntegrationSetting[], form: FormData) {
  return Object.fromEntries(
    settings.map((setting) => {
      const value = setting.type === 'boolean' ? form.get(setting.name) === 'on' : text(form, setting.name).trim();
      return [setting.name, String(value) === String(setting.default) ? 'default' : value];
    }),
  );
}

export function SettingsForm({ integration, onDone }: { integration: Integration; onDone: () => void }) {
  const save = useSubmit((form) => api.integrations({ slug: integration.slug }).settings.patch({ settings: valuesOf(integration.settings, form) }), onDone);
  const invalid = (setting: IntegrationSetting) => save.error?.includes(setting.name) ?? false;
  return (
    <form onSubmit={save.onSubmit} aria-label={`${integration.name} settings`} className="flex flex-col gap-3">
      {integration.settings.map((setting) =>
        setting.type === 'boolean' ? (
          <CheckboxField key={setting.name} label={labelOf(setting.name)} name={setting.name} defaultChecked={setting.value === true} hint={hintOf(setting)} aria-invalid={invalid(setting)} />
        ) : (
          <Field
            key={setting.name}
            label={labelOf(setting.name)}
            name={setting.name}
            {...(setting.type === 'number' ? { type: 'number', required: true } : { type: 'text', maxLength: 1_000 })}
            defaultValue={String(setting.value)}
            hint={hintOf(setting)}
            aria-invalid={invalid(setting)}
          />
        ),
      )}
      {save.error && (
        <p role="alert" className="rounded border border-red-300 bg-red-50 p-3 text-sm text-red-900">
          {save.error}
        </p>
      )}
      <button type="submit" disabled={save.pending} className="self-start rounded bg-gray-900 px-4 py-2 font-medium text-white disabled:opacity-60">
        {save.pending ? 'Saving…' : 'Save settings'}
      </button>
    </form>
  );
}
