/**
 * How a person gets a key, in the hub's own words. The hub writes every
 * remediation once, in lib/server/hints.ts; this package is published on its
 * own and imports nothing from the hub, so it carries the one sentence it
 * needs, and test/unit/client-hints.test.ts fails when the two differ.
 */

/** The command, with example values (`remoteHints().createKey('you@example.com', 'laptop')` on the hub). */
export const CREATE_KEY_COMMAND = 'npx mcphub keys create --user you@example.com --name laptop';

/** The whole sentence, as the hub phrases it for someone who is not at the hub's machine. */
export const CREATE_KEY_HINT = `The hub operator creates keys with \`${CREATE_KEY_COMMAND}\` on the hub's machine.`;
