/**
 * An upstream on 127.0.0.1 that answers every request — whatever the path or
 * API shape — with the body the test chose: the failures an SDK cannot tell
 * from success by itself. Point any integration's MCPHUB_<SLUG>_API_URL here.
 *
 * - `json`: a small valid JSON object;
 * - `huge`: 100 MB of JSON, chunked, written only as fast as the client
 *   reads (backpressure), so the fake never buffers it; `written` says how
 *   much left before the client went away;
 * - `huge-declared`: the same with `Content-Length` announcing the 100 MB;
 * - `not-json`: a proxy's HTML error page labelled `application/json`, HTTP 200;
 * - `cut`: `Content-Length: 2000`, 1,000 bytes of JSON, then the socket closes;
 * - `truncated`: JSON that stops mid-value, correctly framed;
 * - `deep`: valid JSON nested 1,000,000 levels (2 MB), which no API sends.
 */
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type UpstreamBody = 'json' | 'huge' | 'huge-declared' | 'not-json' | 'cut' | 'truncated' | 'deep';

export const HUGE_BODY_BYTES = 100 * 1024 * 1024;
const CHUNK = Buffer.alloc(64 * 1024, 'x');
const DEEP_JSON = '['.repeat(1_000_000) + ']'.repeat(1_000_000);

export interface LastResponse {
  /** Body bytes handed to the socket. */
  written: number;
  /** True when the client closed the connection before the body's end. */
  closedEarly: boolean;
}

export interface FakeUpstreamBodies {
  url: string;
  /** What the next requests get. */
  body: UpstreamBody;
  /** Requests received, of any kind. */
  requests: number;
  /** Settles when the latest response is over (sent whole, or its client gone). */
  lastResponse(): Promise<LastResponse>;
  close(): Promise<void>;
}

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8' };

/** Waits for the socket to take more, or for the client to go away; removes both listeners either way (one pair per chunk would pile up). */
function drainedOrClosed(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.once('drain', done);
    res.once('close', done);
  });
}

async function streamHuge(res: ServerResponse, declared: boolean, last: LastResponse): Promise<void> {
  res.writeHead(200, { ...JSON_HEADERS, ...(declared ? { 'content-length': String(HUGE_BODY_BYTES) } : {}) });
  res.write('{"data":"');
  last.written = 9;
  while (last.written + CHUNK.length <= HUGE_BODY_BYTES - 2 && !res.destroyed) {
    last.written += CHUNK.length;
    if (!res.write(CHUNK)) await drainedOrClosed(res);
  }
  if (!res.destroyed) res.end('"}');
}

export async function startFakeUpstreamBodies(): Promise<FakeUpstreamBodies> {
  let lastDone: Promise<LastResponse> = Promise.resolve({ written: 0, closedEarly: false });
  const fake: FakeUpstreamBodies = {
    url: '',
    body: 'json',
    requests: 0,
    lastResponse: () => lastDone,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };

  const server = createServer((req, res) => {
    fake.requests++;
    const last: LastResponse = { written: 0, closedEarly: false };
    lastDone = new Promise((resolve) => res.once('close', () => resolve({ ...last, closedEarly: !res.writableFinished })));
    // The request body is not needed; reading it lets the client's upload finish normally.
    req.resume();
    switch (fake.body) {
      case 'json':
        return res.writeHead(200, JSON_HEADERS).end('{"ok":true}');
      case 'huge':
      case 'huge-declared':
        return void streamHuge(res, fake.body === 'huge-declared', last);
      case 'not-json':
        return res.writeHead(200, JSON_HEADERS).end('<html><body><h1>502 Bad Gateway</h1></body></html>');
      case 'cut': {
        res.writeHead(200, { ...JSON_HEADERS, 'content-length': '2000' });
        res.write(`{"items":["${'y'.repeat(1_000 - 11)}`);
        last.written = 1_000;
        // Flushed first, so the client has the partial body when the connection drops.
        return void setImmediate(() => res.socket?.destroy());
      }
      case 'truncated':
        return res.writeHead(200, JSON_HEADERS).end('{"login":"alice","name":"Al');
      case 'deep':
        return res.writeHead(200, JSON_HEADERS).end(DEEP_JSON);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fake;
}
