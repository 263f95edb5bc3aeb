/**
 * `mcphub-client`: a stdio MCP server that relays everything to MCP Hub over
 * Streamable HTTP. stdout carries protocol messages only; logs go to stderr.
 * Exit codes: 0 on a clean shutdown (stdin closed, SIGINT/SIGTERM), 2 on bad flags.
 */
import type { Server } from '@modelcontextprotocol/server';
import { serveStdio } from '@modelcontextprotocol/server/stdio';
import packageJson from '../package.json' with { type: 'json' };
import { createBridgeServer } from './bridge.ts';
import { HubLink, type ListKind } from './hub-link.ts';
import { createLog } from './log.ts';
import { HELP, OptionsError, isKeySafeOnTheWire, parseOptions, type ClientOptions } from './options.ts';

const VERSION = packageJson.version;
type LoggingParams = Parameters<Server['sendLoggingMessage']>[0];

function main(): void {
  let command;
  try {
    command = parseOptions(process.argv.slice(2), process.env);
  } catch (error) {
    if (!(error instanceof OptionsError)) throw error;
    process.stderr.write(`mcphub-client: ${error.message}\n`);
    process.exit(2);
  }
  if (command.kind === 'help') return void process.stdout.write(`${HELP}\n`);
  if (command.kind === 'version') return void process.stdout.write(`${VERSION}\n`);
  run(command.options);
}

function run(options: ClientOptions): void {
  const log = createLog({ verbose: options.verbose });
  if (!isKeySafeOnTheWire(options.url)) {
    log.info(`warning: ${options.url.origin} is plain HTTP to another machine, so the API key crosses the network unencrypted. Use https:// for a remote hub.`);
  }
  const link = new HubLink({
    url: options.url,
    token: options.token,
    headers: options.headers,
    clientInfo: { name: 'mcphub-client', version: VERSION },
    log,
    onListChanged: (kind) => void announceListChanged(kind),
    onLogMessage: (params) => void server?.sendLoggingMessage(params as LoggingParams).catch(() => {}),
  });
  /** Made by serveStdio once the AI client's first message shows which protocol revision it speaks. */
  let server: Server | undefined;

  async function announceListChanged(kind: ListKind): Promise<void> {
    const current = server;
    if (!current?.transport) return;
    log.debug(`${kind} list changed on the hub`);
    const send = { tools: () => current.sendToolListChanged(), prompts: () => current.sendPromptListChanged(), resources: () => current.sendResourceListChanged() }[kind];
    await send().catch((error: Error) => log.debug(`could not announce the ${kind} change: ${error.message}`));
  }

  let stopping = false;
  const stop = async (why: string) => {
    if (stopping) return;
    stopping = true;
    log.debug(`stopping: ${why}`);
    await Promise.race([Promise.all([link.close(), stdio.close().catch(() => {})]), new Promise((resolve) => setTimeout(resolve, 1000))]);
    process.exit(0);
  };
  // The AI client closing our stdin is the normal way to end; a broken stdout means it is gone too.
  process.stdin.on('end', () => void stop('stdin closed'));
  process.stdout.on('error', () => void stop('stdout closed'));
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  // A bridge that dies takes every tool with it: report surprises and keep serving.
  process.on('uncaughtException', (error) => log.info(`unexpected error (still running): ${error.stack ?? error.message}`));
  process.on('unhandledRejection', (reason) => log.info(`unexpected error (still running): ${(reason as Error)?.stack ?? String(reason)}`));

  const stdio = serveStdio(() => (server = createBridgeServer(link, log, VERSION)), { onerror: (error) => log.debug(`stdio: ${error.message}`) });
  // Connect once the AI client's first message is answered: `initialize` never waits for Node to load its HTTP stack.
  process.stdin.once('data', () => setImmediate(() => link.start()));
  log.debug(`mcphub-client ${VERSION} on Node ${process.versions.node}, hub ${options.url.href}`);
}

main();
