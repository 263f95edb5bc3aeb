/** `mcphub toolsets`: a user's toolsets and the keys bound to them, over lib/services/toolsets.ts. */
import { isDestructive, isReadOnly, toolsetIncludes } from '../../mcp/toolset-rules.ts';
import { bindKey, createToolset, deleteToolset, getToolset, listToolsets, toolDirectory } from '../../services/toolsets.ts';
import { findUserByEmail } from '../../services/users.ts';
import { TOOL_MODES, type ToolMode, type Toolset, type ToolsetRule } from '../../store/toolsets.ts';
import { UsageError, formatTime, parseFlags, requireFlag, table } from '../args.ts';
import type { CliContext } from '../context.ts';
import { serviceDeps, withServiceErrors } from '../services.ts';

export const toolsetsUsage = `Usage:
  mcphub toolsets create --user E --name N [--integration SLUG]... [--tool NAME]... [--read-only] [--no-destructive] [--mode flat|progressive] [--pass-through] [--json]
  mcphub toolsets list --user E [--json]
  mcphub toolsets show <toolset id> --user E [--json]   its rules and the tools it holds now
  mcphub toolsets delete <toolset id> --user E
  mcphub toolsets bind-key <key id> --user E --toolset <toolset id|none> [--mode flat|progressive|default]

  --integration takes every tool of an integration, --tool one tool (github__get_issue or github/get_issue),
  --read-only every tool that only reads; --no-destructive then leaves out tools that may destroy data.
  --pass-through (with exactly one --integration naming a remote MCP server) lists that server as it is: its tools,
  prompts and resources under their own names and URIs, no slug__ prefix.
  progressive mode lists hub__search_tools, hub__describe_tool, hub__call_read_tool and hub__call_write_tool instead of every tool.`;

function parseMode(text: string | undefined, allowDefault: true): ToolMode | null | undefined;
function parseMode(text: string | undefined, allowDefault: false): ToolMode | undefined;
function parseMode(text: string | undefined, allowDefault: boolean): ToolMode | null | undefined {
  if (text === undefined) return undefined;
  if (allowDefault && text === 'default') return null;
  if ((TOOL_MODES as readonly string[]).includes(text)) return text as ToolMode;
  throw new UsageError(`--mode must be ${TOOL_MODES.join(' or ')}${allowDefault ? ' (or default, to follow the toolset)' : ''}, not "${text}".`);
}

const describeRule = (rule: ToolsetRule) => (rule.kind === 'integration' ? `integration ${rule.slug}` : rule.kind === 'tool' ? `tool ${rule.name}` : 'every read-only tool');

export function toolsets(argv: string[], ctx: CliContext): Promise<void> {
  return withServiceErrors(async () => {
    const deps = serviceDeps(ctx);
    const [sub, ...rest] = argv;
    if (sub === 'create') {
      const { values } = parseFlags(rest, {
        user: { type: 'string' },
        name: { type: 'string' },
        integration: { type: 'string', multiple: true },
        tool: { type: 'string', multiple: true },
        'read-only': { type: 'boolean' },
        'no-destructive': { type: 'boolean' },
        mode: { type: 'string' },
        'pass-through': { type: 'boolean' },
        json: { type: 'boolean' },
      });
      const user = await findUserByEmail(deps, requireFlag(values.user, '--user'));
      const rules: ToolsetRule[] = [
        ...(values.integration ?? []).map((slug) => ({ kind: 'integration' as const, slug })),
        ...(values.tool ?? []).map((name) => ({ kind: 'tool' as const, name })),
        ...(values['read-only'] ? [{ kind: 'read_only' as const }] : []),
      ];
      const mode = parseMode(values.mode, false);
      const created = await createToolset(deps, { userId: user.id, name: requireFlag(values.name, '--name'), rules, excludeDestructive: values['no-destructive'] ?? false, ...(mode && { mode }), passThrough: values['pass-through'] ?? false });
      ctx.io.out(values.json ? JSON.stringify(created) : `Created toolset "${created.name}" (${created.id}) for ${user.email}, ${created.mode}. Bind a key to it with \`mcphub toolsets bind-key <key id> --user ${user.email} --toolset ${created.id}\`.`);
      return;
    }
    if (sub === 'list') {
      const { values } = parseFlags(rest, { user: { type: 'string' }, json: { type: 'boolean' } });
      const user = await findUserByEmail(deps, requireFlag(values.user, '--user'));
      const list = await listToolsets(deps, { userId: user.id });
      if (values.json) return void ctx.io.out(JSON.stringify(list));
      const keys = await deps.store.listApiKeys(user.id);
      const rows = list.map((t) => ({ ...t, rules: t.rules.length, mode: t.passThrough ? `${t.mode}, pass-through` : t.mode, no_destructive: t.excludeDestructive ? 'yes' : 'no', keys: keys.filter((k) => k.toolsetId === t.id && k.revokedAt === null).length, created: formatTime(t.createdAt) }));
      ctx.io.out(table(rows, ['id', 'name', 'mode', 'rules', 'no_destructive', 'keys', 'created']));
      return;
    }
    if (sub === 'show') {
      const { values, positionals } = parseFlags(rest, { user: { type: 'string' }, json: { type: 'boolean' } }, 1);
      const id = requireFlag(positionals[0], 'the toolset id (see `mcphub toolsets list --user E`)');
      const user = await findUserByEmail(deps, requireFlag(values.user, '--user'));
      const toolset = await getToolset(deps, { userId: user.id, id });
      const tools = await heldTools(deps, user.id, toolset);
      if (values.json) return void ctx.io.out(JSON.stringify({ ...toolset, tools }));
      ctx.io.out(
        [
          `Toolset "${toolset.name}" (${toolset.id}), ${toolset.mode}${toolset.excludeDestructive ? ', no destructive tools' : ''}${toolset.passThrough ? ', pass-through (upstream names)' : ''}.`,
          `Rules: ${toolset.rules.map(describeRule).join('; ')}.`,
          `Tools it holds now (of enabled integrations):`,
          table(tools, ['name', 'annotations']),
        ].join('\n'),
      );
      return;
    }
    if (sub === 'delete') {
      const { values, positionals } = parseFlags(rest, { user: { type: 'string' } }, 1);
      const id = requireFlag(positionals[0], 'the toolset id (see `mcphub toolsets list --user E`)');
      const user = await findUserByEmail(deps, requireFlag(values.user, '--user'));
      await deleteToolset(deps, { userId: user.id, id });
      ctx.io.out(`Deleted toolset ${id}.`);
      return;
    }
    if (sub === 'bind-key') {
      const { values, positionals } = parseFlags(rest, { user: { type: 'string' }, toolset: { type: 'string' }, mode: { type: 'string' }, json: { type: 'boolean' } }, 1);
      const keyId = requireFlag(positionals[0], 'the key id (see `mcphub keys list --user E`)');
      const user = await findUserByEmail(deps, requireFlag(values.user, '--user'));
      const target = requireFlag(values.toolset, '--toolset (a toolset id, or none for every enabled tool)');
      const bound = await bindKey(deps, { userId: user.id, keyId, toolsetId: target === 'none' ? null : target, mode: parseMode(values.mode, true) ?? null });
      ctx.io.out(values.json ? JSON.stringify(bound) : `Key "${bound.name}" (${bound.id}) now sees ${bound.toolsetId ? `toolset ${bound.toolsetId}` : 'every enabled tool'}${bound.mode ? `, ${bound.mode}` : ''}. Open sessions get the new tool list within a second.`);
      return;
    }
    throw new UsageError(sub ? `Unknown command "toolsets ${sub}".` : 'Missing a toolsets command.');
  });
}

/** The tools of the user's enabled integrations the toolset takes in, with their annotations in words. */
async function heldTools(deps: ReturnType<typeof serviceDeps>, userId: string, toolset: Toolset) {
  const directory = await toolDirectory(deps, { userId });
  return directory
    .filter((integration) => integration.enabled)
    .flatMap((integration) => integration.tools.map((tool) => ({ tool, integration: integration.slug })))
    .filter(({ tool, integration }) => toolsetIncludes(toolset, { name: tool.name, integration, annotations: tool.annotations }))
    .map(({ tool }) => ({ name: tool.name, annotations: isReadOnly(tool) ? 'read-only' : isDestructive(tool) ? 'destructive' : 'writes' }));
}
