/**
 * `mcphub` — the hub's command line. Every command that opens the store works
 * on the data dir of `MCPHUB_DATA_DIR` (default ./.mcphub); changes reach a
 * running hub on the same data dir within a second. `config` only prints and
 * opens nothing. Exit codes: 0 ok, 1 refused, 2 bad usage.
 */
import { EnvError, readEnv } from '../env.ts';
import { redact } from '../log.ts';
import { resolveConfig } from '../server/config.ts';
import { serveUntilSignal } from '../server/serve.ts';
import { StoreError } from '../store/port.ts';
import { CommandError, UsageError, parseFlags, parsePort } from './args.ts';
import { config, configUsage } from './commands/config.ts';
import { integrations, integrationsUsage } from './commands/integrations.ts';
import { keys, keysUsage } from './commands/keys.ts';
import { usage, usageUsage } from './commands/usage.ts';
import { users, usersUsage } from './commands/users.ts';
import { openCliContext, type CliContext, type CliIO, type PrintContext } from './context.ts';

const serveUsage = `Usage:
  mcphub serve [--port N] [--host H]   (env: PORT, HOST, MCPHUB_DATA_DIR)`;

/** A command either works on the store, or only prints and must not open (or create) the data dir. */
type Command =
  | { usage: string; opensStore: true; run: (argv: string[], ctx: CliContext) => Promise<void> }
  | { usage: string; opensStore: false; run: (argv: string[], ctx: PrintContext) => Promise<void> };

const COMMANDS: Record<string, Command> = {
  users: { usage: usersUsage, opensStore: true, run: users },
  keys: { usage: keysUsage, opensStore: true, run: keys },
  config: { usage: configUsage, opensStore: false, run: config },
  integrations: { usage: integrationsUsage, opensStore: true, run: integrations },
  usage: { usage: usageUsage, opensStore: true, run: usage },
};

// Only each usage's command lines: a note under one (integrations' settings) would land between the commands.
const commandLines = [serveUsage, usersUsage, keysUsage, configUsage, integrationsUsage, usageUsage]
  .flatMap((text) => text.split('\n').filter((line) => line.startsWith('  mcphub ')))
  .join('\n');

const HELP = `mcphub — one MCP endpoint for every tool your AI agents need.

Usage:
${commandLines}

Data lives in ./.mcphub unless MCPHUB_DATA_DIR says otherwise. See README.md.`;

export async function main(argv: string[], io: CliIO): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help' || command === '-h') {
    (command ? io.out : io.err)(HELP);
    return command ? 0 : 2;
  }
  const usageText = command === 'serve' ? serveUsage : COMMANDS[command]?.usage;
  if (usageText && (rest.includes('--help') || rest.includes('-h'))) {
    io.out(usageText);
    return 0;
  }
  try {
    if (command === 'serve') {
      const { values } = parseFlags(rest, { port: { type: 'string' }, host: { type: 'string' } });
      await serveUntilSignal(resolveConfig(readEnv(), { port: values.port === undefined ? undefined : parsePort(values.port), host: values.host }));
      return 0;
    }
    const entry = COMMANDS[command];
    if (!entry) throw new UsageError(`Unknown command "${command}".`);
    if (!entry.opensStore) {
      await entry.run(rest, { env: readEnv(), io });
      return 0;
    }
    const ctx = await openCliContext(io);
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
    readStdin,
  });
  process.exit(code);
}
