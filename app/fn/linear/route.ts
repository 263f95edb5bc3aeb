/** Linear as its own function: the gateway forwards signed calls here (lib/server/vercel.ts). */
import linear from '../../../integrations/linear/index.ts';
import { functionRoute } from '../../../lib/server/vercel-function.ts';

export const dynamic = 'force-dynamic';
export const { POST } = functionRoute(linear);
