/** Where a chat's connect link ends on Vercel: the same hub app as `npm start` (lib/server/vercel.ts). */
import { hubRoute } from '../../../../lib/server/vercel.ts';

export const dynamic = 'force-dynamic';
export const { GET } = hubRoute();
