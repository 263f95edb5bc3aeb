/** The management API on Vercel: the same Elysia app as `npm start` (lib/server/vercel.ts), so the pages' /api/v1 calls reach the hub on the deployment's origin too. */
import { hubRoute } from '../../../../lib/server/vercel.ts';

export const dynamic = 'force-dynamic';
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = hubRoute();
