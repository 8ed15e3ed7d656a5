import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import zlib from 'node:zlib';
import { PDFDict, PDFDocument, PDFName, StandardFonts } from 'pdf-lib';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
// The parser thread runs dist/pdf/parser-entry.js (built by the global setup): these tests use dist/.
import { runJob } from '../dist/batch/read-task.js';
import type { Job, Reply } from '../dist/batch/protocol.js';
import { readAllPages, readPages, withDocument } from '../dist/pages.js';
import type { PDFDocumentProxy } from 'pdfjs-dist/types/src/display/api.js';
import { PageFetcher } from '../dist/pdf/document.js';
import { ParserThread, startSpareParser, takeParser } from '../dist/pdf/parser-thread.js';
import { fixture } from './helpers/cli.js';

const sample = () => new Uint8Array(fs.readFileSync(fixture('sample-calc.pdf')));
let parser: ParserThread | null = null;

afterEach(async () => {
  await parser?.stop();
  parser = null;
});

/** Records in `sent` the streamed requests (operator lists) the document sends to pdf.js's parsing half from now on. */
function recordRequests(doc: PDFDocumentProxy, sent: string[]): void {
  const handler = (doc as unknown as { _transport: { messageHandler: { sendWithStream: (...args: unknown[]) => unknown } } })._transport.messageHandler;
  const send = handler.sendWithStream;
  handler.sendWithStream = function (this: unknown, ...args: unknown[]) {
    sent.push(String(args[0]));
    return send.apply(this, args);
  };
}

/**
 * A PageFetcher that has asked for page 3's proxy and has it (or would have it: see PageFetcher),
 * the requests of operator lists sent from then on recorded in `sent`.
 */
async function preparedPage3(doc: PDFDocumentProxy, sent: string[]): Promise<PageFetcher> {
  recordRequests(doc, sent);
  const fetcher = new PageFetcher(doc);
  fetcher.prepare(3);
  await doc.getPage(3);
  await new Promise((resolve) => setImmediate(resolve));
  return fetcher;
}

describe('pdf.js parsing in a thread of its own', () => {
  it('reads the same cells as parsing in this thread', async () => {
    parser = new ParserThread();
    const inThread = await withDocument(sample(), {}, (doc) => readAllPages(doc, {}), { parser });
    const here = await withDocument(sample(), {}, (doc) => readAllPages(doc, {}));
    expect(inThread.pages).toHaveLength(12);
    expect(inThread).toEqual(here);
  });

  it('asks for a prepared page\'s operator list at once, and for an unprepared one only after its proxy comes', async () => {
    parser = new ParserThread();
    const sent: string[] = [];
    await withDocument(sample(), {}, async (doc) => {
      const fetcher = await preparedPage3(doc, sent);
      const prepared = fetcher.fetch(3);
      expect(sent).toEqual(['GetOperatorList']);
      const unprepared = fetcher.fetch(4);
      expect(sent).toEqual(['GetOperatorList']);
      const [three, four] = await Promise.all([prepared, unprepared]);
      expect(sent).toEqual(['GetOperatorList', 'GetOperatorList']);
      expect([three.pageNumber, four.pageNumber]).toEqual([3, 4]);
      expect(three.ops.fnArray.length).toBeGreaterThan(100);
      three.page.cleanup();
      four.page.cleanup();
    }, { parser });
  });

  it('asks for no proxy ahead where pdf.js parses in this thread (it only costs there)', async () => {
    const sent: string[] = [];
    await withDocument(sample(), {}, async (doc) => {
      const fetcher = await preparedPage3(doc, sent);
      const fetched = fetcher.fetch(3);
      expect(sent).toEqual([]);
      const three = await fetched;
      expect(sent).toEqual(['GetOperatorList']);
      three.page.cleanup();
    });
  });

  it('tells when the first pages\' operator lists have been asked for (a batch then assembles the document before)', async () => {
    parser = new ParserThread();
    const events: string[] = [];
    await withDocument(sample(), {}, async (doc) => {
      recordRequests(doc, events);
      await readPages(doc, [1, 2, 3], () => events.push('page'), { onPagesAsked: () => events.push('asked') });
    }, { parser });
    expect(events.slice(0, 3)).toEqual(['GetOperatorList', 'GetOperatorList', 'asked']);
    expect(events.filter((e) => e === 'asked')).toHaveLength(1);
    expect(events.filter((e) => e === 'page')).toHaveLength(3);
  });

  it('reports a page that cannot be had as unreadable, prepared or not', async () => {
    parser = new ParserThread();
    await withDocument(sample(), {}, async (doc) => {
      const fetcher = new PageFetcher(doc);
      fetcher.prepare(99);
      await expect(fetcher.fetch(99)).rejects.toMatchObject({ code: 'CORRUPT_PDF', location: { page: 99 } });
    }, { parser });
  });

  it('reads a page whose content stream is Brotli-compressed (the decoder pdf.js builds on first use there)', async () => {
    const doc = await PDFDocument.create();
    const page = doc.addPage([300, 200]);
    page.drawText('x', { font: await doc.embedFont(StandardFonts.Helvetica) });
    const fontName = [...(page.node.Resources()!.lookup(PDFName.of('Font')) as PDFDict).keys()][0].asString();
    const content = `BT ${fontName} 20 Tf 20 30 Td (Brotli text) Tj ET 10 10 200 50 re S`;
    const stream = doc.context.stream(zlib.brotliCompressSync(Buffer.from(content)), { Filter: 'BrotliDecode' });
    page.node.set(PDFName.of('Contents'), doc.context.register(stream));
    const data = await doc.save();
    parser = new ParserThread();
    const result = await withDocument(data, {}, (d) => readAllPages(d, {}), { parser });
    const texts = result.pages[0].grids.flatMap((g) => g.cells.map((c) => c.lines.map((l) => l.segments.map((s) => s.text).join('')).join('\n')));
    expect(texts).toEqual(['Brotli text']);
  });

  it('serves one document after another', async () => {
    parser = new ParserThread();
    const counts: number[] = [];
    for (const pages of [[1, 2], [12]]) {
      const result = await withDocument(sample(), { pages }, (doc) => readAllPages(doc, { pages }), { parser });
      counts.push(result.pages.length);
    }
    expect(counts).toEqual([2, 1]);
    expect(parser.running).toBe(true);
  });

  it('ends a reading at once when the thread is stopped in the middle of it', async () => {
    parser = new ParserThread();
    const p = parser;
    let pagesRead = 0;
    const reading = withDocument(sample(), {}, (doc) => readAllPages(doc, {}, () => {
      if (++pagesRead === 1) void p.stop();
    }), { parser });
    await expect(reading).rejects.toThrow('the parser thread ended');
    expect(pagesRead).toBeLessThan(12);
    expect(parser.running).toBe(false);
  });

  it('a read job with countAbove reads a short document at once and only counts a longer one', async () => {
    parser = new ParserThread();
    const run = async (countAbove: number) => {
      const replies: Reply[] = [];
      const job: Job = { kind: 'read', id: 1, data: sample(), read: {}, countAbove };
      await runJob(job, (r) => replies.push(r), { parser: parser! });
      return replies;
    };
    const short = await run(100);
    expect(short.filter((r) => r.type === 'page')).toHaveLength(12);
    expect(short.at(-1)).toMatchObject({ type: 'done', pageCount: 12, pages: 12 });
    const long = await run(11);
    expect(long).toEqual([{ id: 1, type: 'done', pageCount: 12, pages: 0, warnings: [] }]);
  });
});

describe('loading pdf.js', () => {
  // A fresh process: in this one, the test runner may have read Response already.
  it('leaves the fetch globals unread (Node.js loads fetch on first read of one) and as they were', () => {
    const code = `
      const before = Object.getOwnPropertyDescriptor(globalThis, 'Response');
      const { loadPdfJs } = await import('./dist/pdf/document.js');
      const { loadParsingHalf } = await import('./dist/pdf/polyfills.js');
      await Promise.all([loadPdfJs(), loadParsingHalf()]);
      const after = Object.getOwnPropertyDescriptor(globalThis, 'Response');
      const unread = typeof before.get === 'function' && after.get === before.get;
      const body = await new Response('abc').bytes();
      console.log(JSON.stringify({ unread, bytes: Array.from(body) }));`;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', code], { cwd: path.join(import.meta.dirname, '..'), encoding: 'utf8' });
    expect(JSON.parse(out)).toEqual({ unread: true, bytes: [97, 98, 99] });
  });
});

describe('the spare parser thread', () => {
  it('is taken from another copy of the module (the program script has its own) once, then a new thread is started', async () => {
    const copy = (await import(/* @vite-ignore */ new URL('../dist/pdf/parser-thread.js?copy', import.meta.url).href)) as typeof import('../dist/pdf/parser-thread.js');
    expect(copy.takeParser).not.toBe(takeParser);
    const spare = startSpareParser();
    const taken = copy.takeParser();
    parser = taken;
    expect(taken).toBe(spare);
    expect(taken.running).toBe(true);
    const next = takeParser();
    expect(next).not.toBe(taken);
    await next.stop();
  });
});
