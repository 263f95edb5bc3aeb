/**
 * `mcphub` — the hub's command line. Every command that opens the store works
 * on the data dir of `MCPHUB_DATA_DIR`, else the project's `.mcphub` found
 * from the current folder upward (lib/server/data-dir.ts); changes reach a
 * running hub on the same data dir within a second. `config` only prints and
 * opens nothing. Exit codes: 0 ok, 1 refused, 2 bad usage.
 */
import packageJson from '../../package.json' with { type: 'json' };
import { EnvError, readEnv } from '../env.ts';
import { redact } from '../log.ts';
import { resolveConfig, type HubConfig } from '../server/config.ts';
import { serveUntilSignal } from '../server/serve.ts';
import { StoreError } from '../store/port.ts';
import { CommandError, UsageError, parseFlags, parsePort } from './args.ts';
import { config, configUsage } from './commands/config.ts';
import { integrations, integrationsUsage } from './commands/integrations.ts';
import { keys, keysUsage } from './commands/keys.ts';
import { toolsets, toolsetsUsage } from './commands/toolsets.ts';
import { remote, remoteUsage } from './commands/remote.ts';
import { usage, usageUsage } from './commands/usage.ts';
import { users, usersUsage } from './commands/users.ts';
import { openCliContext, type CliContext, type CliIO, type PrintContext } from './context.ts';

const serveUsage = `Usage:
  mcphub serve [--port N] [--host H]   (env: PORT, HOST, MCPHUB_DATA_DIR)`;

/** A command either works on the store, or only prints and must not open (or create) the data dir. */
type Command =
  | { usage: string; opensStore: true; run: (argv: string[], ctx: CliContext) => Promise<void> }
  | { usage: string; opensStore: false; run: (argv: string[], ctx: PrintContext) => Promise<void> };

async function serve(argv: string[], ctx: PrintContext): Promise<void> {
  const { values } = parseFlags(argv, { port: { type: 'string' }, host: { type: 'string' } });
  const config = resolveConfig(ctx.env, { port: values.port === undefined ? undefined : parsePort(values.port), host: values.host });
  announceDataDir(config, ctx.io);
  await serveUntilSignal(config);
}

/** Every command, in the order help lists them. `serve` opens its own store, for as long as it runs. */
export const COMMANDS: Record<string, Command> = {
  serve: { usage: serveUsage, opensStore: false, run: serve },
  users: { usage: usersUsage, opensStore: true, run: users },
  keys: { usage: keysUsage, opensStore: true, run: keys },
  toolsets: { usage: toolsetsUsage, opensStore: true, run: toolsets },
  config: { usage: configUsage, opensStore: false, run: config },
  integrations: { usage: integrationsUsage, opensStore: true, run: integrations },
  remote: { usage: remoteUsage, opensStore: true, run: remote },
  usage: { usage: usageUsage, opensStore: true, run: usage },
};

// Only each usage's command lines: a note under one (integrations' settings) would land between the commands.
const commandLines = Object.values(COMMANDS)
  .flatMap(({ usage: text }) => text.split('\n').filter((line) => line.startsWith('  mcphub ')))
  .join('\n');

const HELP = `mcphub — one MCP endpoint for every tool your AI agents need.

Usage:
${commandLines}
  mcphub <command> --help | mcphub --version

Data lives in the project's .mcphub: the nearest one in this folder or above it
(else beside the project's package.json, else here), unless MCPHUB_DATA_DIR says otherwise. See README.md.`;

const isHelpFlag = (arg: string) => arg === '--help' || arg === '-h';

/** Said on stderr when a command had to create its data dir, so a person who expected their existing data sees at once which folder is in use. */
function announceDataDir(config: HubConfig, io: CliIO): void {
  if (config.dataDirCreated) io.err(`mcphub: using a new, empty data dir ${config.dataDir}. If your users and keys live in another one, set MCPHUB_DATA_DIR to it.`);
}

export async function main(argv: string[], io: CliIO): Promise<number> {
  const [command, ...rest] = argv;
  if (command === '--version' || command === '-v') {
    io.out(packageJson.version);
    return 0;
  }
  // `mcphub help keys` is `mcphub keys --help`.
  const helpFor = command === 'help' && rest[0] !== undefined && Object.hasOwn(COMMANDS, rest[0]) ? rest[0] : undefined;
  if (!command || (command === 'help' && !helpFor) || isHelpFlag(command)) {
    (command ? io.out : io.err)(HELP);
    return command ? 0 : 2;
  }
  const entry = Object.hasOwn(COMMANDS, helpFor ?? command) ? COMMANDS[helpFor ?? command] : undefined;
  const usageText = entry?.usage;
  if (usageText && (helpFor || rest.some(isHelpFlag))) {
    io.out(usageText);
    return 0;
  }
  try {
    if (!entry) throw new UsageError(command.startsWith('-') ? `Unknown option '${command}'.` : `Unknown command "${command}".`);
    if (!entry.opensStore) {
      await entry.run(rest, { env: readEnv(), io });
      return 0;
    }
    const ctx = await openCliContext(io);
    announceDataDir(ctx.config, io);
    try {
      await entry.run(rest, ctx);
    } finally {
      await ctx.store.close();
    }
    return 0;
  } catch (error) {
    // A message may quote what the user typed, which can be a key: it is shown redacted.
    const message = redact((error as Error).message);
    if (error instanceof UsageError) {
      io.err(`mcphub: ${message}\n\n${usageText ?? HELP}`);
      return 2;
    }
    if (error instanceof CommandError || error instanceof StoreError || error instanceof EnvError) {
      io.err(`mcphub: ${message}`);
      return 1;
    }
    io.err(`mcphub: ${message}`);
    return 1;
  }
}

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write('Paste the token, then press Enter and Ctrl-D: ');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks).toString('utf8');
}

if (import.meta.main) {
  const code = await main(process.argv.slice(2), {
    out: (text) => process.stdout.write(text + '\n'),
    err: (text) => process.stderr.write(text + '\n'),
    write: (chunk) => new Promise<void>((resolve, reject) => process.stdout.write(chunk, (error) => (error ? reject(error) : resolve()))),
    readStdin,
  });
  process.exit(code);
}
