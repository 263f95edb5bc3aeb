/**
 * Builds the published client for Node ≥ 20:
 * - `dist/bridge.cjs`: the bridge with the MCP SDK bundled in, minified;
 * - `dist/mcphub-client.cjs`: the bin, a small launcher that runs the bundle
 *   through V8's code cache (src/launcher.ts);
 * - `dist/THIRD_PARTY_NOTICES.md`: the licences of everything bundled.
 *
 * Why a bundle: `npx -y @mcphub/client` then downloads one small package with
 * no dependencies, and Node loads one file instead of resolving ~200 modules —
 * spawn-to-`initialize` is the number people feel when their AI client starts
 * (bench/client-startup.bench.ts). CommonJS, because `vm.Script` (the code
 * cache on Node 20) runs scripts, not ES modules. Run by `prepack`, so
 * `npm pack` always ships a fresh build.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BunPlugin } from 'bun';

const root = join(import.meta.dir, '..');
const outdir = join(root, 'dist');
rmSync(outdir, { recursive: true, force: true });
mkdirSync(outdir, { recursive: true });

const bridge = await bundle('src/main.ts', 'bridge.cjs', 'cjs', [
  {
    name: 'sdk-shims',
    setup(build) {
      // See src/sdk-shims.ts: keeps the SDK's default validator (AJV) out of the bundle.
      build.onResolve({ filter: /^@modelcontextprotocol\/(client|server)\/_shims$/ }, () => ({ path: join(root, 'src/sdk-shims.ts') }));
    },
  },
]);
await bundle('src/launcher.ts', 'mcphub-client.cjs', 'cjs');
const bin = join(outdir, 'mcphub-client.cjs');
chmodSync(bin, 0o755);
writeFileSync(join(outdir, 'THIRD_PARTY_NOTICES.md'), notices(Object.keys(bridge.metafile!.inputs)));
console.log(`built ${outdir}: bridge.cjs ${Math.round(readFileSync(join(outdir, 'bridge.cjs')).length / 1024)} KiB, launcher ${readFileSync(bin).length} bytes`);

async function bundle(entry: string, name: string, format: 'esm' | 'cjs', plugins: BunPlugin[] = []) {
  const result = await Bun.build({ entrypoints: [join(root, entry)], outdir, naming: name, target: 'node', format, minify: true, metafile: true, plugins });
  if (!result.success) {
    for (const message of result.logs) console.error(message);
    process.exit(1);
  }
  return result;
}

/** The licence text of every npm package that ended up in the bundle. */
function notices(inputs: string[]): string {
  const packageDirs = new Set<string>();
  for (const input of inputs) {
    const match = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input.startsWith('/') ? input : join(process.cwd(), input));
    if (match) packageDirs.add(match[1]!);
  }
  const sections = [...packageDirs].sort().map((dir) => {
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name: string; version: string; license?: string };
    const licenseFile = ['LICENSE', 'LICENSE.md', 'LICENSE.txt', 'license'].map((name) => join(dir, name)).find((file) => existsSync(file));
    const text = licenseFile ? readFileSync(licenseFile, 'utf8').trim() : `Licensed under ${manifest.license ?? 'an unstated licence'}; see the package.`;
    return `## ${manifest.name}@${manifest.version} (${manifest.license ?? 'unknown'})\n\n\`\`\`\n${text}\n\`\`\``;
  });
  return `# Third-party notices\n\n@mcphub/client bundles the following packages.\n\n${sections.join('\n\n')}\n`;
}
