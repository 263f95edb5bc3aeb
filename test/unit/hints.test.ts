/** Remediation text has one source (lib/server/hints.ts): its wording for remote callers and the CLI, and no integration writing its own. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { integrations } from '../../integrations/index.ts';
import { cliPrefix, createHints, remoteHints } from '../../lib/server/hints.ts';

describe('remote hints', () => {
  const hints = remoteHints();

  it.each(integrations.map((integration) => [integration.name, integration] as const))('tell a %s user how to reconnect: the credential, the command, where it runs', (_name, integration) => {
    expect(hints.reconnect(integration)).toBe(
      `Reconnect ${integration.name} in MCP Hub with a new ${integration.auth.label}: \`npx mcphub integrations enable ${integration.slug} --user <you> --token-stdin\` on the hub's machine.`,
    );
  });

  it('word a ToolErrorFix the way the matching hint does', () => {
    const [github, postgres] = [integrations.find((i) => i.slug === 'github')!, integrations.find((i) => i.slug === 'postgres')!];
    expect(hints.fix(github, { kind: 'reconnect' })).toBe(hints.reconnect(github));
    expect(hints.fix(postgres, { kind: 'change_setting', assignment: 'allow_writes=on' })).toBe("Change it with `npx mcphub integrations settings postgres --user <you> --set allow_writes=on` on the hub's machine.");
  });

  it('say who creates keys, since a remote caller cannot', () => {
    expect(hints.createKey()).toBe("The hub operator creates keys with `npx mcphub keys create --user <email> --name <name>` on the hub's machine.");
  });
});

describe('plan hints', () => {
  it('send a held-back user to the Billing page: the one given (the public URL), else the dashboard this hub serves, else the operator', () => {
    expect(remoteHints().upgrade('https://hub.example.com/billing')).toBe('Upgrade your plan at https://hub.example.com/billing.');
    expect(remoteHints(() => 'http://127.0.0.1:8787').upgrade()).toBe('Upgrade your plan at http://127.0.0.1:8787/billing.');
    expect(remoteHints().upgrade()).toBe("The hub operator can change your plan with `npx mcphub users set-plan --user <you> --plan <plan>` on the hub's machine.");
    expect(createHints({ cli: 'npx mcphub', remote: false }).upgrade(undefined, 'ada@example.com')).toBe('Change the plan with `npx mcphub users set-plan --user ada@example.com --plan <plan>`.');
  });

  it('say how to make room: revoke a key, disable an integration', () => {
    const hints = remoteHints(() => 'https://hub.example.com');
    expect(hints.revokeKey(undefined, 'Revoke one you no longer use')).toBe("Revoke one you no longer use on the dashboard (https://hub.example.com/keys), or with `npx mcphub keys revoke <key id>` on the hub's machine.");
    expect(hints.disable()).toBe("Disable one you no longer use on the dashboard (https://hub.example.com/integrations), or with `npx mcphub integrations disable <slug> --user <you>` on the hub's machine.");
  });
});

describe('CLI hints', () => {
  it('repeat a custom data dir so a pasted command reaches the same store, and name the person when known', () => {
    const hints = createHints({ cli: cliPrefix({ dataDir: '/srv/hub data', dataDirIsCustom: true }), remote: false });
    expect(hints.enable('postgres', 'alice@example.com')).toBe('Enable it with `MCPHUB_DATA_DIR="/srv/hub data" npx mcphub integrations enable postgres --user alice@example.com --token-stdin`.');
    expect(hints.createUser('bob@example.com')).toBe('Create one with `MCPHUB_DATA_DIR="/srv/hub data" npx mcphub users create --email bob@example.com`.');
  });
});

describe('integrations', () => {
  /** Every source file under integrations/, tools included. */
  function sources(dir: string): string[] {
    return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      const path = join(dir, entry.name);
      return entry.isDirectory() ? sources(path) : entry.name.endsWith('.ts') ? [path] : [];
    });
  }

  it('write no hub remediation of their own: they name a ToolErrorFix and the hub words it', () => {
    // Code only: a comment may say which command changes a setting.
    const code = (path: string) => readFileSync(path, 'utf8').split('\n').filter((line) => !/^\s*(\/\*\*|\*|\/\/)/.test(line)).join('\n');
    const offenders = sources(join(import.meta.dirname, '../../integrations')).filter((path) => /mcphub (integrations|keys|users)|dashboard →/.test(code(path)));
    expect(offenders).toEqual([]);
  });
});

describe('remote hints on a hub that serves its dashboard', () => {
  const hints = remoteHints(() => 'http://127.0.0.1:8787');
  const github = integrations.find((i) => i.slug === 'github')!;

  it('name the dashboard page first, then the command and where it runs', () => {
    expect(hints.reconnect(github)).toBe(
      "Reconnect GitHub in MCP Hub with a new personal access token on the dashboard (http://127.0.0.1:8787/integrations), or with `npx mcphub integrations enable github --user <you> --token-stdin` on the hub's machine.",
    );
    expect(hints.reconnect(github, undefined, true)).toBe(
      'Reconnect GitHub in MCP Hub ("Reconnect with GitHub", or a new personal access token) on the dashboard (http://127.0.0.1:8787/integrations), or with `npx mcphub integrations enable github --user <you> --token-stdin` on the hub\'s machine.',
    );
    expect(hints.createKey()).toBe("Create a key on the dashboard (http://127.0.0.1:8787/keys), or with `npx mcphub keys create --user <email> --name <name>` on the hub's machine.");
    expect(hints.enable('linear')).toContain('on the dashboard (http://127.0.0.1:8787/integrations)');
  });

  it('word a hint with no page as before', () => {
    expect(hints.passwordLink('ada@example.com')).toBe("Print a link to set their password with `npx mcphub users link --email ada@example.com --reset` on the hub's machine.");
  });
});
