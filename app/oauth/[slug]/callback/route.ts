/** The end of an OAuth connect on Vercel (the provider sends the browser here): the same hub app as `npm start` (lib/server/vercel.ts). */
import { hubRoute } from '../../../../lib/server/vercel.ts';

export const dynamic = 'force-dynamic';
export const { GET } = hubRoute();
