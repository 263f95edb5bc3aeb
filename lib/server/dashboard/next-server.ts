/**
 * The dashboard's Next.js server as a child process of the hub: `next start`
 * on Node (the dashboard runs on Node, DESIGN.md "Decisions"), on a loopback
 * port nobody else is told about; the hub in front proxies to it (proxy.ts).
 * It binds `localhost`, not 127.0.0.1: with Clerk's proxy.ts, Next 16 under
 * `-H 127.0.0.1` rewrites to itself forever (DESIGN.md facts). Which loopback
 * address `localhost` became is found by asking both.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { nextBin } from './build.ts';

const PARENT_WATCH = fileURLToPath(new URL('./parent-watch.cjs', import.meta.url));
/** `next start` is ready in ~0.2 s here; a loaded machine gets far longer. */
const START_TIMEOUT_MS = 30_000;
const PROBE_INTERVAL_MS = 100;
const TAIL_CHARS = 4_000;

export interface NextServer {
  /** Where the server answers, e.g. http://127.0.0.1:41234. */
  origin: string;
  /** Resolves with a reason when the server ends, on its own or by `stop`. */
  exited: Promise<string>;
  stop(): Promise<void>;
}

function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** The first loopback origin on `port` that answers HTTP, or null. */
async function answeringOrigin(port: number): Promise<string | null> {
  for (const origin of [`http://127.0.0.1:${port}`, `http://[::1]:${port}`]) {
    try {
      const response = await fetch(`${origin}/favicon.ico`, { method: 'HEAD', signal: AbortSignal.timeout(1_000) });
      await response.body?.cancel();
      return origin;
    } catch {
      // not on this address (yet)
    }
  }
  return null;
}

export async function startNextServer(root: string, env?: Record<string, string | undefined>): Promise<NextServer> {
  const port = await freeLoopbackPort();
  const child: ChildProcess = spawn('node', ['--require', PARENT_WATCH, nextBin(root), 'start', '-H', 'localhost', '-p', String(port)], {
    cwd: root,
    stdio: ['pipe', 'pipe', 'pipe'],
    ...(env && { env }),
  });
  let output = '';
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-TAIL_CHARS));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<string>((resolve) => {
    child.on('error', (error) => resolve((error as NodeJS.ErrnoException).code === 'ENOENT' ? 'Node.js (node) is not on PATH; the dashboard is served with Node' : error.message));
    child.on('exit', (code, signal) => resolve(`next start exited (${signal ?? `code ${code}`}):\n${output.trimEnd()}`));
  });
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  let ended: string | null = null;
  void exited.then((reason) => (ended = reason));
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (ended !== null) throw new Error(ended);
    const origin = await answeringOrigin(port);
    if (origin !== null) return { origin, exited, stop };
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`next start did not answer within ${START_TIMEOUT_MS / 1000} s:\n${output.trimEnd()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, PROBE_INTERVAL_MS));
  }
}
