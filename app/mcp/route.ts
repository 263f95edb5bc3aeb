/** The MCP endpoint on Vercel: the same Elysia app as `npm start`, on Convex (lib/server/vercel.ts). */
import { hubRoute } from '../../lib/server/vercel.ts';

export const dynamic = 'force-dynamic';
export const { GET, POST, DELETE, OPTIONS } = hubRoute();
