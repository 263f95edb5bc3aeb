/** Slack as its own function: the gateway forwards signed calls here (lib/server/vercel.ts). */
import slack from '../../../integrations/slack/index.ts';
import { functionRoute } from '../../../lib/server/vercel-function.ts';

export const dynamic = 'force-dynamic';
export const { POST } = functionRoute(slack);
