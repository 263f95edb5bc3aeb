/**
 * An S3-shaped server for the R2 tests: `s3rver` on 127.0.0.1 (not
 * `localhost`: virtual-host bucket names under it do not resolve), with one
 * bucket, its files in a temp dir removed on close. It does not check
 * signatures: it proves the wiring (signed URLs, uploads, metadata sync), not
 * R2's auth.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

interface S3rverInstance {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
}
type S3rverClass = new (options: { address: string; port: number; silent: boolean; directory: string; configureBuckets: Array<{ name: string }> }) => S3rverInstance;

// s3rver ships no types; this is the part of its documented API the tests use.
const S3rver = createRequire(import.meta.url)('s3rver') as S3rverClass;

export interface S3Server {
  endpoint: string;
  bucket: string;
  /** R2_* variables as @convex-dev/r2 reads them. */
  env: Record<'R2_BUCKET' | 'R2_ENDPOINT' | 'R2_ACCESS_KEY_ID' | 'R2_SECRET_ACCESS_KEY', string>;
  close(): Promise<void>;
}

export async function startS3Server(bucket = 'mcphub-test'): Promise<S3Server> {
  const directory = mkdtempSync(join(tmpdir(), 'mcphub-s3rver-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: [{ name: bucket }] });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    bucket,
    env: { R2_BUCKET: bucket, R2_ENDPOINT: endpoint, R2_ACCESS_KEY_ID: 'S3RVER', R2_SECRET_ACCESS_KEY: 'S3RVER' },
    async close() {
      await server.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
