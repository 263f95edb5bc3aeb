/**
 * `/toolsets`: the signed-in user's toolsets — list, read, create, change,
 * delete — the tools a picker offers (`/toolsets/tools`), and binding a key
 * (`PUT /keys/:id/toolset`), over lib/services/toolsets.ts. Signed-in and
 * CSRF-checked like every route (apiBase).
 */
import { Elysia, t } from 'elysia';
import { bindKey, createToolset, deleteToolset, getToolset, listToolsets, toolDirectory, updateToolset } from '../services/toolsets.ts';
import { MAX_TOOLSET_NAME_CHARS, MAX_TOOLSET_RULES, type Toolset } from '../store/toolsets.ts';
import { apiBase } from './base.ts';
import { actingAs, type ApiDeps } from './deps.ts';
import { errors } from './http.ts';
import { Key, keyView } from './keys.ts';

const Mode = t.Union([t.Literal('flat'), t.Literal('progressive')], { description: 'flat: every tool is listed; progressive: hub__search_tools, hub__describe_tool and the two call tools instead' });

const Rule = t.Union([
  t.Object({ kind: t.Literal('integration'), slug: t.String({ minLength: 1, maxLength: 40, description: 'every tool of this integration' }) }),
  t.Object({ kind: t.Literal('tool'), name: t.String({ minLength: 1, maxLength: 128, description: 'one tool by wire name (github__get_issue) or slug/tool' }) }),
  t.Object({ kind: t.Literal('read_only', { description: 'every tool whose readOnlyHint is true' }) }),
]);

const Rules = t.Array(Rule, { maxItems: MAX_TOOLSET_RULES });
const Name = t.String({ minLength: 1, maxLength: MAX_TOOLSET_NAME_CHARS });
const ExcludeDestructive = t.Boolean({ description: 'leave out every tool that may destroy data (destructiveHint, as MCP defines it)' });

const PassThrough = t.Boolean({ description: 'list one remote MCP server under its own tool and prompt names and resource URIs; needs exactly one integration rule naming a remote server, flat, nothing excluded' });

const ToolsetView = t.Object({
  id: t.String(),
  name: t.String(),
  rules: t.Array(Rule),
  excludeDestructive: t.Boolean(),
  mode: Mode,
  passThrough: t.Boolean(),
  createdAt: t.Number(),
  updatedAt: t.Number(),
});

const Annotations = t.Object({
  title: t.Optional(t.String()),
  readOnlyHint: t.Optional(t.Boolean()),
  destructiveHint: t.Optional(t.Boolean()),
  idempotentHint: t.Optional(t.Boolean()),
  openWorldHint: t.Optional(t.Boolean()),
});

const PickerIntegration = t.Object({
  slug: t.String(),
  name: t.String(),
  enabled: t.Boolean(),
  tools: t.Array(t.Object({ name: t.String(), title: t.Optional(t.String()), description: t.Optional(t.String()), annotations: t.Optional(Annotations) })),
});

const Id = t.Object({ id: t.String({ minLength: 1, maxLength: 100 }) });

const toolsetView = ({ userId: _owner, ...toolset }: Toolset): typeof ToolsetView.static => toolset;

export function toolsetRoutes(deps: ApiDeps) {
  return new Elysia()
    .use(apiBase(deps))
    .get('/toolsets', async ({ me }) => ({ items: (await listToolsets(deps.services, { userId: me.user.id })).map(toolsetView) }), {
      signedIn: true,
      response: { 200: t.Object({ items: t.Array(ToolsetView) }), ...errors },
    })
    .get('/toolsets/tools', async ({ me }) => ({ integrations: await toolDirectory(deps.services, { userId: me.user.id }) }), {
      signedIn: true,
      detail: { description: 'Every tool a toolset may name, by integration, with its annotations and whether the integration is enabled' },
      response: { 200: t.Object({ integrations: t.Array(PickerIntegration) }), ...errors },
    })
    .get('/toolsets/:id', async ({ me, params }) => toolsetView(await getToolset(actingAs(deps, me), { userId: me.user.id, id: params.id })), {
      signedIn: true,
      params: Id,
      response: { 200: ToolsetView, ...errors },
    })
    .post('/toolsets', async ({ me, body }) => toolsetView(await createToolset(actingAs(deps, me), { userId: me.user.id, ...body })), {
      signedIn: true,
      body: t.Object({ name: Name, rules: Rules, excludeDestructive: t.Optional(ExcludeDestructive), mode: t.Optional(Mode), passThrough: t.Optional(PassThrough) }),
      response: { 200: ToolsetView, ...errors },
    })
    .patch('/toolsets/:id', async ({ me, params, body }) => toolsetView(await updateToolset(actingAs(deps, me), { userId: me.user.id, id: params.id, ...body })), {
      signedIn: true,
      params: Id,
      body: t.Object({ name: t.Optional(Name), rules: t.Optional(Rules), excludeDestructive: t.Optional(ExcludeDestructive), mode: t.Optional(Mode), passThrough: t.Optional(PassThrough) }),
      response: { 200: ToolsetView, ...errors },
    })
    .delete('/toolsets/:id', async ({ me, params }) => {
      await deleteToolset(actingAs(deps, me), { userId: me.user.id, id: params.id });
      return { deleted: true as const };
    }, {
      signedIn: true,
      params: Id,
      response: { 200: t.Object({ deleted: t.Literal(true) }), ...errors },
    })
    .put('/keys/:id/toolset', async ({ me, params, body }) => keyView(await bindKey(actingAs(deps, me), { userId: me.user.id, keyId: params.id, toolsetId: body.toolsetId, mode: body.mode })), {
      signedIn: true,
      params: Id,
      body: t.Object({
        toolsetId: t.Union([t.String({ minLength: 1, maxLength: 100 }), t.Null()], { description: 'the toolset the key sees; null for every enabled tool' }),
        mode: t.Union([Mode, t.Null()], { description: "overrides the toolset's mode; null to follow it (flat without a toolset)" }),
      }),
      response: { 200: Key, ...errors },
    });
}
