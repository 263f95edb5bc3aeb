/** How the dashboard names a tool: `slug/tool` (lib/mcp/names.ts), or a name that matched no integration as it came. */
import { toDisplayName } from '../../lib/mcp/names.ts';

export const toolLabel = (call: { integration: string | null; tool: string }) => (call.integration === null ? call.tool : toDisplayName({ slug: call.integration, tool: call.tool }));
