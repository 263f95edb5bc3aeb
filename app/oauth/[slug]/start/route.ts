/** The start of an OAuth connect from a plain link, on Vercel: the same hub app as `npm start` (lib/server/vercel.ts). */
import { hubRoute } from '../../../../lib/server/vercel.ts';

export const dynamic = 'force-dynamic';
export const { GET } = hubRoute();
