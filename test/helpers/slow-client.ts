/**
 * A slow-body client on a raw socket, as in issue 11's attack: complete
 * headers declaring a large body, then one body byte every `dripMs`. It
 * reports what the server answered and whether the server closed the
 * connection while the body was still owed. Used by test/edge (bounded, a few
 * hundred connections) and bench/slow-body-flood.ts (≈20,000).
 */
import { connect } from 'node:net';

export interface SlowBodyOptions {
  port: number;
  /** Source address to connect from: any 127.x.y.z is loopback on Linux, so one machine can be several clients. */
  localAddress?: string;
  path?: string;
  /** Extra header lines, e.g. `{ authorization: 'Bearer …' }`. */
  headers?: Record<string, string>;
  declaredBytes?: number;
  dripMs: number;
  /** The client gives up (and destroys the socket itself) after this long. */
  giveUpMs: number;
}

export interface SlowBodyOutcome {
  /** The response's status code, or null when none arrived. */
  status: number | null;
  /** True when the server ended (or reset) the connection before the client gave up. */
  closedByServer: boolean;
  /** Body bytes the client had sent by then. */
  bodyBytesSent: number;
  /** Set when the connection could not be made at all (e.g. EMFILE on either side). */
  error?: string;
}

export function slowBody(options: SlowBodyOptions): Promise<SlowBodyOutcome> {
  return new Promise((resolve) => {
    const outcome: SlowBodyOutcome = { status: null, closedByServer: false, bodyBytesSent: 0 };
    const socket = connect({ host: '127.0.0.1', port: options.port, ...(options.localAddress ? { localAddress: options.localAddress } : {}) });
    let head = '';
    let drip: ReturnType<typeof setInterval> | undefined;
    let gaveUp = false;
    const giveUp = setTimeout(() => {
      gaveUp = true;
      socket.destroy();
    }, options.giveUpMs);
    socket.setNoDelay(true);
    socket.on('connect', () => {
      const headers = { host: `127.0.0.1:${options.port}`, 'content-type': 'application/json', 'content-length': String(options.declaredBytes ?? 1_000_000), ...options.headers };
      socket.write(`POST ${options.path ?? '/mcp'} HTTP/1.1\r\n${Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`).join('')}\r\n`);
      drip = setInterval(() => {
        if (socket.writable) {
          socket.write('x');
          outcome.bodyBytesSent += 1;
        }
      }, options.dripMs);
    });
    socket.on('data', (chunk) => {
      if (outcome.status !== null) return;
      head += chunk.toString('latin1');
      const match = /^HTTP\/1\.1 (\d{3})/.exec(head);
      if (match) outcome.status = Number(match[1]);
    });
    // Bun's node:net may report 'end' for a socket the client destroyed itself, hence `gaveUp`.
    socket.on('end', () => {
      outcome.closedByServer = !gaveUp;
      socket.destroy();
    });
    socket.on('error', (error) => {
      const code = (error as NodeJS.ErrnoException).code ?? error.message;
      // A server that closes with body bytes unread in its socket buffer makes the kernel send a reset instead of a FIN.
      if (code === 'ECONNRESET' || code === 'EPIPE') outcome.closedByServer = !gaveUp;
      else outcome.error = code;
    });
    socket.on('close', () => {
      clearTimeout(giveUp);
      clearInterval(drip);
      resolve(outcome);
    });
  });
}
