import zlib from 'node:zlib';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { oneCallDecompressionStream } from '../src/pdf/inflate.js';

/** Inflates as pdf.js does (its asyncGetBytesFromDecompressionStream): the bytes, or 'error'. */
async function inflateLikePdfjs(Stream: typeof DecompressionStream, bytes: Uint8Array): Promise<Buffer | 'error'> {
  try {
    const { readable, writable } = new Stream('deflate');
    const writer = writable.getWriter();
    await writer.ready;
    writer.write(bytes as Uint8Array<ArrayBuffer>).then(async () => {
      await writer.ready;
      await writer.close();
    }).catch(() => {});
    const chunks: Uint8Array[] = [];
    for await (const chunk of readable as unknown as AsyncIterable<Uint8Array>) chunks.push(chunk);
    return Buffer.concat(chunks);
  } catch {
    return 'error';
  }
}

/** A small deterministic generator (mulberry32): the damaged streams are the same on every run. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const OneCall = oneCallDecompressionStream(() => DecompressionStream);

describe('one-call inflate (the DecompressionStream pdf.js uses in our threads)', () => {
  const next = random(7);
  const text = Buffer.from(Array.from({ length: 4000 }, () => 'BT /F1 9 Tf (abc) Tj ET q 0 0 1 rg '[Math.floor(next() * 35)]).join(''));
  const good = zlib.deflateSync(text);

  it('gives the bytes for a whole stream, and fails where the web stream fails', async () => {
    expect(await inflateLikePdfjs(OneCall, good)).toEqual(text);
    const cases: [string, Uint8Array][] = [
      ['empty', new Uint8Array(0)],
      ['truncated', good.subarray(0, good.length - 3)],
      ['header only', good.subarray(0, 2)],
      ['trailing data', Buffer.concat([good, Buffer.from('endstream')])],
      ['two streams', Buffer.concat([good, good])],
      ['not deflate', Buffer.from('%PDF-1.7')],
    ];
    for (const [name, bytes] of cases) {
      const expected = await inflateLikePdfjs(DecompressionStream, bytes);
      expect([name, await inflateLikePdfjs(OneCall, bytes)]).toEqual([name, expected]);
    }
    expect(await inflateLikePdfjs(OneCall, good.subarray(0, good.length - 3))).toBe('error');
  });

  it('agrees with the web stream on 300 damaged streams', async () => {
    let differ = 0;
    let failed = 0;
    for (let i = 0; i < 300; i++) {
      const bytes = Buffer.from(good);
      for (let k = 0; k <= i % 4; k++) bytes[Math.floor(next() * bytes.length)] = Math.floor(next() * 256);
      const damaged = i % 3 === 0 ? bytes.subarray(0, Math.floor(next() * bytes.length)) : bytes;
      const web = await inflateLikePdfjs(DecompressionStream, damaged);
      const ours = await inflateLikePdfjs(OneCall, damaged);
      if (web === 'error') failed++;
      if (!(web === 'error' ? ours === 'error' : ours !== 'error' && ours.equals(web))) differ++;
    }
    expect(differ).toBe(0);
    expect(failed).toBeGreaterThan(200);
  });

  it('inflates a stream of more than 64 MB in chunks, as the web stream does', async () => {
    const chunkSizes = async (bytes: Uint8Array) => {
      const { readable, writable } = new OneCall('deflate');
      const writer = writable.getWriter();
      void writer.write(bytes as Uint8Array<ArrayBuffer>).then(() => writer.close());
      const sizes: number[] = [];
      for await (const chunk of readable as unknown as AsyncIterable<Uint8Array>) sizes.push(chunk.length);
      return sizes;
    };
    expect(await chunkSizes(good)).toEqual([text.length]);
    const sizes = await chunkSizes(zlib.deflateSync(Buffer.alloc(65 * 1024 * 1024 + 5, 0x20)));
    expect(sizes.length).toBeGreaterThan(1);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(65 * 1024 * 1024 + 5);
  });

  it('leaves other formats to the web stream', async () => {
    const gz = zlib.gzipSync(text);
    const { readable, writable } = new OneCall('gzip');
    const writer = writable.getWriter();
    void writer.write(gz).then(() => writer.close());
    const chunks: Uint8Array[] = [];
    for await (const chunk of readable as unknown as AsyncIterable<Uint8Array>) chunks.push(chunk);
    expect(Buffer.concat(chunks)).toEqual(text);
  });

  it('leaves Node.js\'s web streams unloaded until a stream needs them, and stays in place after', async () => {
    // A thread of its own: Node.js loads a module once per thread, and this one has loaded them.
    const code = `
      const { parentPort } = require('node:worker_threads');
      const zlib = require('node:zlib');
      const loaded = () => process.moduleLoadList.includes('NativeModule internal/webstreams/compression');
      import(${JSON.stringify(new URL('../dist/pdf/inflate.js', import.meta.url).href)}).then(async ({ inflateInOneCall }) => {
        inflateInOneCall();
        const ours = globalThis.DecompressionStream;
        const read = async (format, bytes) => {
          const { readable, writable } = new DecompressionStream(format);
          const writer = writable.getWriter();
          writer.write(bytes).then(() => writer.close());
          const chunks = [];
          for await (const chunk of readable) chunks.push(chunk);
          return Buffer.concat(chunks).toString();
        };
        const deflate = await read('deflate', zlib.deflateSync(Buffer.from('one call')));
        const before = loaded();
        const gzip = await read('gzip', zlib.gzipSync(Buffer.from('web stream')));
        parentPort.postMessage({ deflate, before, gzip, after: loaded(), same: globalThis.DecompressionStream === ours });
      });`;
    const result = await new Promise((resolve, reject) => {
      const worker = new Worker(code, { eval: true });
      worker.once('message', (m) => {
        resolve(m);
        void worker.terminate();
      });
      worker.once('error', reject);
    });
    expect(result).toEqual({ deflate: 'one call', before: false, gzip: 'web stream', after: true, same: true });
  });
});
