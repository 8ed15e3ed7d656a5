import zlib from 'node:zlib';

/**
 * pdf.js inflates each Flate stream (page contents, fonts, CMaps) through a DecompressionStream,
 * a web stream over Node.js's zlib: per stream, a dozen objects, promises and events around one
 * zlib call (measured in the parser thread: 60 ms of 23 pages' parse, the first page's fonts
 * among it). In the threads that are ours alone (the parser thread, batch workers), `deflate` is
 * answered by one zlib call on libuv's threads instead, with the same result: the same zlib, and a
 * damaged stream fails alike (tests/inflate.test.ts), after which pdf.js decodes it with its own
 * decoder as before.
 *
 * A stream inflating to more than ONE_CALL_MAX bytes goes the web stream's way, in chunks: a
 * decompression bomb then grows the memory step by step, where --max-memory stops it, instead
 * of in one allocation.
 */
const ONE_CALL_MAX = 64 * 1024 * 1024;

type WebDecompressionStream = typeof globalThis.DecompressionStream;

function inflateOnce(input: Uint8Array): Promise<Buffer> {
  return new Promise((resolve, reject) => zlib.inflate(input, { maxOutputLength: ONE_CALL_MAX }, (err, out) => (err ? reject(err) : resolve(out))));
}

/** The parts of a DecompressionStream pdf.js uses: a writer it writes the bytes to and closes, a readable it iterates. */
function oneCallStream(webStream: () => WebDecompressionStream) {
  const written: Uint8Array[] = [];
  let closed!: () => void;
  const whenClosed = new Promise<void>((resolve) => (closed = resolve));
  const writer = {
    ready: Promise.resolve(),
    write: async (chunk: Uint8Array) => void written.push(chunk),
    close: async () => closed(),
  };
  const readable = {
    async *[Symbol.asyncIterator]() {
      await whenClosed;
      const input = Buffer.concat(written);
      try {
        yield await inflateOnce(input);
      } catch (err) {
        if ((err as { code?: string }).code !== 'ERR_BUFFER_TOO_LARGE') throw err;
        yield* inChunks(webStream(), input);
      }
    },
  };
  return { writable: { getWriter: () => writer }, readable };
}

async function* inChunks(WebStream: WebDecompressionStream, input: Uint8Array<ArrayBuffer>): AsyncGenerator<Uint8Array> {
  const { readable, writable } = new WebStream('deflate');
  const writer = writable.getWriter();
  writer.write(input).then(() => writer.close()).catch(() => {});
  for await (const chunk of readable as unknown as AsyncIterable<Uint8Array>) yield chunk;
}

/**
 * A DecompressionStream constructor whose `deflate` is the one-call inflate (other formats are the
 * web stream's, which `webStream` gives when first needed).
 */
export function oneCallDecompressionStream(webStream: () => WebDecompressionStream): WebDecompressionStream {
  return function DecompressionStream(format: string) {
    return format === 'deflate' ? oneCallStream(webStream) : new (webStream())(format as CompressionFormat);
  } as unknown as WebDecompressionStream;
}

/**
 * Makes `new DecompressionStream('deflate')` the one-call inflate in this thread. Node.js loads
 * its web streams (a dozen modules: 10–15 ms of a thread's start) when the global is first read:
 * it is left unread until a stream needs the web one (another format, or one too large).
 */
export function inflateInOneCall(): void {
  const lazy = Object.getOwnPropertyDescriptor(globalThis, 'DecompressionStream');
  if (lazy?.get && lazy.configurable) {
    let web: WebDecompressionStream | undefined;
    const install = () => Object.defineProperty(globalThis, 'DecompressionStream', { value: oneCall, configurable: true, writable: true, enumerable: lazy.enumerable });
    const oneCall = oneCallDecompressionStream(() => {
      // Node.js's getter puts the loaded class in the global's place: ours is put back.
      web ??= lazy.get!.call(globalThis) as WebDecompressionStream;
      install();
      return web;
    });
    install();
  } else if (typeof globalThis.DecompressionStream === 'function') {
    const web = globalThis.DecompressionStream;
    globalThis.DecompressionStream = oneCallDecompressionStream(() => web);
  }
}
