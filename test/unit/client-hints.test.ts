/**
 * The bridge (client/, published alone, importing nothing from the hub) says
 * how to get a key in the same words as the hub's one source of remediation
 * text, lib/server/hints.ts: a change there that is not made in
 * client/src/hints.ts fails here.
 */
import { describe, expect, it } from 'vitest';
import { CREATE_KEY_COMMAND, CREATE_KEY_HINT } from '../../client/src/hints.ts';
import { describeFailure } from '../../client/src/failures.ts';
import { HELP } from '../../client/src/options.ts';
import { createHints, remoteHints } from '../../lib/server/hints.ts';

describe("the bridge's key hint", () => {
  it("is the hub's remote createKey hint, word for word", () => {
    expect(CREATE_KEY_HINT).toBe(remoteHints().createKey('you@example.com', 'laptop'));
  });

  it("names the command the hub's own CLI hint gives, --name included", () => {
    expect(createHints({ cli: 'npx mcphub', remote: false }).createKey('you@example.com', 'laptop')).toContain(`\`${CREATE_KEY_COMMAND}\``);
    expect(CREATE_KEY_COMMAND).toMatch(/ --name \S+$/);
  });

  it('is what a rejected key and the help text say', () => {
    expect(describeFailure({ kind: 'rejected' }, new URL('http://127.0.0.1:8787/mcp'))).toContain(CREATE_KEY_HINT);
    expect(HELP).toContain(CREATE_KEY_COMMAND);
  });
});
