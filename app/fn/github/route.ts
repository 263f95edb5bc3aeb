/** GitHub as its own function: the gateway forwards signed calls here (lib/server/vercel.ts). */
import github from '../../../integrations/github/index.ts';
import { functionRoute } from '../../../lib/server/vercel-function.ts';

export const dynamic = 'force-dynamic';
export const { POST } = functionRoute(github);
