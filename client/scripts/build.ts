/**
 * Builds the published client: one minified ES module for Node ≥ 20 with the
 * MCP SDK bundled in, plus the licence notices of everything bundled.
 *
 * Why a bundle: `npx -y @mcphub/client` then downloads one small package with
 * no dependencies, and Node loads one file instead of resolving ~200 modules —
 * spawn-to-`initialize` is the number people feel when their AI client starts
 * (bench/client-startup.bench.ts). Run by `prepack`, so `npm pack` always
 * ships a fresh build.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dir, '..');
const outdir = join(root, 'dist');
rmSync(outdir, { recursive: true, force: true });
mkdirSync(outdir, { recursive: true });

const result = await Bun.build({
  entrypoints: [join(root, 'src/main.ts')],
  outdir,
  naming: 'mcphub-client.js',
  target: 'node',
  format: 'esm',
  minify: true,
  metafile: true,
});
if (!result.success) {
  for (const message of result.logs) console.error(message);
  process.exit(1);
}
const bin = join(outdir, 'mcphub-client.js');
chmodSync(bin, 0o755);
writeFileSync(join(outdir, 'THIRD_PARTY_NOTICES.md'), notices(Object.keys(result.metafile!.inputs)));
console.log(`built ${bin} (${Math.round(readFileSync(bin).length / 1024)} KiB)`);

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
