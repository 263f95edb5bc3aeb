/**
 * What the call log keeps for this user (PATCH /api/v1/logs/settings):
 * arguments, redacted, or none (the default), and for how many days. The
 * hub applies a change to calls within a second.
 */
'use client';
import { useState } from 'react';
import { Field } from '../../_components/field.tsx';
import { View } from '../../_components/states.tsx';
import { api } from '../../_lib/api.ts';
import type { Loaded } from '../../_lib/use-load.ts';
import { text, useSubmit } from '../../_lib/use-submit.ts';
import { ARGUMENT_RETENTION_DAYS } from '../../../lib/store/port.ts';

export type CallLogSettings = NonNullable<Awaited<ReturnType<typeof api.logs.settings.get>>['data']>;

export function LogSettings({ loaded, retry, onSaved }: { loaded: Loaded<CallLogSettings>; retry: () => void; onSaved: (settings: CallLogSettings) => void }) {
  return (
    <section aria-labelledby="log-settings" className="mt-10">
      <h2 id="log-settings" className="mb-2 text-lg font-semibold">
        Call-log settings
      </h2>
      <View loaded={loaded} retry={retry} what="call-log settings" isEmpty={() => false} empty={null}>
        {(settings) => <SettingsForm settings={settings} onSaved={onSaved} />}
      </View>
    </section>
  );
}

function SettingsForm({ settings, onSaved }: { settings: CallLogSettings; onSaved: (settings: CallLogSettings) => void }) {
  const [saved, setSaved] = useState(false);
  const save = useSubmit(
    (form) => {
      setSaved(false);
      return api.logs.settings.patch({ storeArguments: form.get('storeArguments') === 'on', argumentRetentionDays: Number(text(form, 'argumentRetentionDays')) });
    },
    (changed) => {
      setSaved(true);
      onSaved(changed);
    },
  );
  return (
    <form onSubmit={save.onSubmit} aria-label="Call-log settings" className="flex flex-col gap-3 rounded border border-gray-200 bg-white p-4">
      <label className="inline-flex items-center gap-2">
        <input type="checkbox" name="storeArguments" defaultChecked={settings.storeArguments} />
        <span>
          <span className="font-medium">Store arguments</span> (secrets such as tokens and passwords are redacted before they are stored)
        </span>
      </label>
      <div className="max-w-xs">
        <Field
          label="Keep arguments for (days)"
          name="argumentRetentionDays"
          type="number"
          required
          min={ARGUMENT_RETENTION_DAYS.min}
          max={ARGUMENT_RETENTION_DAYS.max}
          defaultValue={settings.argumentRetentionDays}
          hint={`From ${ARGUMENT_RETENTION_DAYS.min} to ${ARGUMENT_RETENTION_DAYS.max} days. Older arguments are deleted; the calls stay in the log.`}
        />
      </div>
      <div className="flex items-center gap-3">
        <button type="submit" disabled={save.pending} className="rounded bg-gray-900 px-4 py-2 font-medium text-white disabled:opacity-60">
          {save.pending ? 'Saving…' : 'Save settings'}
        </button>
        <span role="status" className="text-sm text-gray-600">
          {saved ? 'Saved.' : ''}
        </span>
      </div>
      {save.error && (
        <p role="alert" className="rounded border border-red-300 bg-red-50 p-3 text-red-900">
          {save.error}
        </p>
      )}
    </form>
  );
}
