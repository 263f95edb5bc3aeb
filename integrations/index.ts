/** Every integration the hub serves. Adding one: a folder beside this file and one entry here (integrations/README.md). */
import type { AnyIntegration } from '../lib/mcp/define.ts';
import github from './github/index.ts';
import linear from './linear/index.ts';
import notion from './notion/index.ts';
import postgres from './postgres/index.ts';
import slack from './slack/index.ts';

export const integrations: readonly AnyIntegration[] = [github, linear, notion, slack, postgres];
