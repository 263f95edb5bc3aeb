/** A remote server's tool list as the store keeps it (lib/remote/tools.ts): bounded as one JSON text, the tools past it named. */
import { describe, expect, it } from 'vitest';
import { toRemoteTools } from '../../lib/remote/tools.ts';
import { REMOTE_LIMITS } from '../../lib/store/remote-servers.ts';

describe('toRemoteTools', () => {
  it('keeps the list within what the store takes, leaving out the tools past it by name, instead of failing the check', () => {
    const listed = Array.from({ length: 300 }, (_, i) => ({ name: `tool_${i}`, description: 'd'.repeat(4_000), inputSchema: { type: 'object' as const } }));
    const { tools, skipped } = toRemoteTools('acme', listed);
    expect(JSON.stringify(tools).length).toBeLessThanOrEqual(REMOTE_LIMITS.toolsJson);
    expect(tools.length).toBeGreaterThan(200);
    expect(tools.length + skipped.length).toBe(300);
    expect(skipped[0]).toBe(`tool_${tools.length} (the tool list is past ${REMOTE_LIMITS.toolsJson} characters of JSON)`);
  });
});
