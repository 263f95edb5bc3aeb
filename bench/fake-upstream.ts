/** The GitHub-shaped fake as its own process, so the benchmark's direct path crosses a process boundary just like the hub's. */
import { startFakeGitHub } from '../test/helpers/fake-github.ts';

const fake = startFakeGitHub();
for (const token of (process.env.FAKE_GITHUB_TOKENS ?? '').split(',').filter(Boolean)) fake.tokens.set(token, 'bench');
process.stdout.write(`${fake.url}\n`);
process.on('SIGTERM', () => fake.close().then(() => process.exit(0)));
