/**
 * Reads a request or response body as text, up to a byte limit: past it the
 * stream is cancelled instead of buffered, so a peer that sends (or streams
 * forever) more than the limit costs at most the limit in memory.
 */

export type BoundedText = { ok: true; text: string } | { ok: false; reason: 'too_large' };

export async function readBounded(body: ReadableStream<Uint8Array> | null, maxBytes: number): Promise<BoundedText> {
  if (!body) return { ok: true, text: '' };
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    if (bytes > maxBytes) {
      await reader.cancel().catch(() => {});
      return { ok: false, reason: 'too_large' };
    }
    chunks.push(value);
  }
  return { ok: true, text: Buffer.concat(chunks).toString('utf8') };
}
