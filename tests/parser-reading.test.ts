import fs from 'node:fs';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { degrees, PDFDocument } from 'pdf-lib';
import { afterEach, describe, expect, it } from 'vitest';
// The parser thread runs dist/pdf/parser-entry.js (built by the global setup): these tests use dist/.
import type { PagePrimitives } from '../dist/geometry.js';
import { readAllPages, withDocument } from '../dist/pages.js';
import { fetchPageOperators, openPdf, READ_IN_PARSER_ABOVE } from '../dist/pdf/document.js';
import { READ_PAGE_OP } from '../dist/pdf/page-reading.js';
import { fontInfoFromPacked, readingPort } from '../dist/pdf/parser-reading.js';
import { ParserThread } from '../dist/pdf/parser-thread.js';
import { fixture } from './helpers/cli.js';

const bytes = (name: string) => new Uint8Array(fs.readFileSync(fixture(name)));
let parser: ParserThread | null = null;
const ports: MessagePort[] = [];

afterEach(async () => {
  await parser?.stop();
  parser = null;
  for (const p of ports.splice(0)) p.close();
});

/** A document's pages and their primitives, read here or in the parser thread. */
async function readWith(data: Uint8Array, readInParser?: boolean) {
  const prims: PagePrimitives[] = [];
  const place = readInParser === undefined ? {} : { parser: (parser ??= new ParserThread()), readInParser };
  const result = await withDocument(data, {}, (doc) => readAllPages(doc, {}, (p) => prims.push(p)), place);
  return { result, prims };
}

async function turned(name: string, by: number): Promise<Uint8Array> {
  const pdf = await PDFDocument.load(bytes(name));
  for (const page of pdf.getPages()) page.setRotation(degrees(by));
  return pdf.save();
}

describe('pages read in the parser thread', () => {
  // Every fixture, and the bad inputs pdf.js opens (standard 14 fonts, a Type 3 font, an image page).
  const fixtures = [
    ...fs.readdirSync(fixture()).filter((f) => f.endsWith('.pdf')),
    ...['no-table.pdf', 'other-table.pdf', 'malicious-font.pdf', 'scanned.pdf'].map((f) => `bad/${f}`),
  ];

  it.each(fixtures)('%s: the same primitives and cells as read in this thread', async (name) => {
    const here = await readWith(bytes(name));
    const there = await readWith(bytes(name), true);
    expect(there.prims.length).toBeGreaterThan(0);
    expect(there.prims).toEqual(here.prims);
    expect(there.result).toEqual(here.result);
  });

  it('reads a vertical font (Identity-V) as vertical writing there too', async () => {
    const there = await readWith(bytes('vertical-font.pdf'), true);
    const header = there.prims[0].glyphs.filter((g) => '縦書き'.includes(g.text));
    expect(header.map((g) => [g.text, g.frame?.dir])).toEqual([['縦', 90], ['書', 90], ['き', 90]]);
    expect(there).toEqual(await readWith(bytes('vertical-font.pdf')));
  });

  it('reads a page stored turned (/Rotate 90) the same there', async () => {
    const data = await turned('sample-calc.pdf', 90);
    const here = await readWith(data);
    // Read turned back: landscape again, as printed.
    expect(here.prims[0].width).toBeGreaterThan(here.prims[0].height);
    expect(await readWith(data, true)).toEqual(here);
  });

  it(`reads documents of more than ${READ_IN_PARSER_ABOVE} pages there by default, shorter ones here`, async () => {
    const source = await PDFDocument.load(bytes('sample-calc.pdf'));
    const long = await PDFDocument.create();
    const [first] = await long.copyPages(source, [0]);
    for (let i = 0; i <= READ_IN_PARSER_ABOVE; i++) long.addPage(first);
    const firstOperator = async (data: Uint8Array) => {
      const doc = await openPdf(data, { parser: (parser ??= new ParserThread()) });
      try {
        const fetched = await fetchPageOperators(doc, 1);
        fetched.page.cleanup();
        return { pages: doc.numPages, op: fetched.ops.fnArray[0], ops: fetched.ops.fnArray.length };
      } finally {
        await doc.destroy();
      }
    };
    expect(await firstOperator(await long.save())).toEqual({ pages: READ_IN_PARSER_ABOVE + 1, op: READ_PAGE_OP, ops: 1 });
    const short = await firstOperator(bytes('sample-calc.pdf'));
    expect(short.pages).toBe(12);
    expect(short.op).not.toBe(READ_PAGE_OP);
    expect(short.ops).toBeGreaterThan(100);
  });
});

/** A font's properties packed the way pdf.js's compileFontInfo packs them (booleans, numbers, bbox, matrix). */
function packedFont(o: { vertical?: boolean; ascent: number; descent: number; fontMatrix?: number[]; matrixCount?: number }): ArrayBuffer {
  const buffer = new ArrayBuffer(3 + 24 + 9 + 49 + 7 + 16);
  const view = new DataView(buffer);
  // Ten two-bit booleans: 0 undefined, 1 false, 2 true; `vertical` is the tenth (byte 2, bits 2–3).
  if (o.vertical !== undefined) view.setUint8(2, (o.vertical ? 2 : 1) << 2);
  view.setFloat64(3, o.ascent);
  view.setFloat64(11, 1000);
  view.setFloat64(19, o.descent);
  view.setUint8(36, o.matrixCount ?? (o.fontMatrix ? 6 : 0));
  o.fontMatrix?.forEach((v, i) => view.setFloat64(37 + i * 8, v, true));
  return buffer;
}

describe('font properties from pdf.js packed font data', () => {
  it('reads vertical, ascent, descent and the font matrix', () => {
    expect(fontInfoFromPacked(packedFont({ vertical: true, ascent: 0.88, descent: -0.12, fontMatrix: [0.001, 0, 0, 0.001, 0, 0] }))).toEqual({
      fontMatrix: [0.001, 0, 0, 0.001, 0, 0], ascent: 0.88, descent: -0.12, vertical: true,
    });
    expect(fontInfoFromPacked(packedFont({ vertical: false, ascent: 0.9, descent: -0.2 }))).toEqual({ fontMatrix: undefined, ascent: 0.9, descent: -0.2, vertical: false });
    expect(fontInfoFromPacked(packedFont({ ascent: 1, descent: 0 }))?.vertical).toBeUndefined();
  });

  it('gives null for data of another shape', () => {
    expect(fontInfoFromPacked(new ArrayBuffer(40))).toBeNull();
    expect(fontInfoFromPacked(packedFont({ ascent: 1, descent: 0, matrixCount: 4 }))).toBeNull();
  });
});

describe('the parser thread port', () => {
  /** pdf.js's two ends: `display` receives what the wrapped port posts. */
  function channel() {
    const { port1: display, port2: parserEnd } = new MessageChannel();
    ports.push(display, parserEnd);
    const wrapped = readingPort(parserEnd);
    parserEnd.start();
    const received: any[] = [];
    display.on('message', (m) => received.push(m));
    /** Sends a request to the parsing end; resolves once the wrapped port has seen it (its listener was added first). */
    const request = (message: object) => {
      const seen = new Promise((resolve) => parserEnd.once('message', resolve));
      display.postMessage(message);
      return seen;
    };
    /** Resolves once the display end has received `count` messages, however long delivery takes. */
    const arrived = async (count: number) => {
      while (received.length < count) await new Promise((resolve) => setTimeout(resolve, 2));
    };
    return { wrapped, received, request, arrived };
  }
  const frame = { base: [1, 0, 0, -1, 0, 100], width: 100, height: 100 };
  // A line from (10,50) to (90,50) in user space: y 50 on the page.
  const chunk = (lastChunk: boolean) => ({ fnArray: [91], argsArray: [[20, [new Float32Array([0, 10, 50, 1, 90, 50])], null]], length: 1, lastChunk, separateAnnots: null });
  const enqueue = (streamId: number, c: object) => ({ sourceName: 'd1_worker', targetName: 'd1', stream: 4, streamId, chunk: c });

  it('sends an operator list asked for with a frame as one page read, empty chunks before it', async () => {
    const { wrapped, received, request, arrived } = channel();
    await request({ sourceName: 'd1', targetName: 'd1_worker', action: 'GetOperatorList', streamId: 7, data: { pageIndex: 0, pageFrame: frame } });
    wrapped.postMessage(enqueue(7, chunk(false)));
    wrapped.postMessage(enqueue(7, chunk(true)));
    await arrived(2);
    expect(received[0].chunk).toMatchObject({ fnArray: [], argsArray: [], length: 0, lastChunk: false });
    expect(received[1].chunk).toMatchObject({ fnArray: [READ_PAGE_OP], length: 1, lastChunk: true });
    const read = received[1].chunk.argsArray[0];
    expect(read.segments).toEqual([
      { orientation: 'h', pos: 50, start: 10, end: 90, thickness: 1 },
      { orientation: 'h', pos: 50, start: 10, end: 90, thickness: 1 },
    ]);
  });

  it('passes an operator list asked for without a frame as it is', async () => {
    const { wrapped, received, request, arrived } = channel();
    await request({ sourceName: 'd1', targetName: 'd1_worker', action: 'GetOperatorList', streamId: 8, data: { pageIndex: 0 } });
    wrapped.postMessage(enqueue(8, chunk(true)));
    await arrived(1);
    expect(received[0].chunk).toMatchObject({ fnArray: [91], length: 1, lastChunk: true });
  });

  it('sends the whole list, for this thread to read, when a font of the page cannot be read', async () => {
    const { wrapped, received, request, arrived } = channel();
    await request({ sourceName: 'd1', targetName: 'd1_worker', action: 'GetOperatorList', streamId: 9, data: { pageIndex: 0, pageFrame: frame } });
    wrapped.postMessage({ sourceName: 'd1_worker', targetName: 'd1', action: 'commonobj', data: ['g_d1_f1', 'Font', { buffer: new ArrayBuffer(8) }] });
    wrapped.postMessage(enqueue(9, chunk(false)));
    wrapped.postMessage(enqueue(9, { fnArray: [37, 44], argsArray: [['g_d1_f1', 10], [[{ unicode: 'A', width: 500, isSpace: false }]]], length: 2, lastChunk: true, separateAnnots: null }));
    await arrived(3);
    expect(received.filter((m) => m.action === 'commonobj')).toHaveLength(1);
    const last = received.at(-1).chunk;
    expect(last.fnArray).toEqual([91, 37, 44]);
    expect(last.length).toBe(3);
    expect(last.lastChunk).toBe(true);
  });
});
