import { createRequire } from 'node:module';
import path from 'node:path';
import type { PDFDocumentProxy, PDFPageProxy } from 'pdfjs-dist/types/src/display/api.js';
import { PlanExtractError } from '../errors.js';
import type { Matrix, PagePrimitives } from '../geometry.js';
import type { FontInfo } from './operators.js';
import { pageReadElsewhere, readPage, type OperatorList, type PageFrame } from './page-reading.js';
import type { ParserThread } from './parser-thread.js';
import { InThreadPort } from './in-thread-port.js';
import { keepPdfJsCodeSoon, loadDisplayHalf, loadParsingHalf } from './polyfills.js';

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
type PdfWorker = InstanceType<PdfJs['PDFWorker']>;
let pdfjsPromise: Promise<PdfJs> | null = null;
let workerHerePromise: Promise<PdfWorker> | null = null;

/** pdf.js's display half, loaded on first use, once per process (or worker). */
export function loadPdfJs(): Promise<PdfJs> {
  pdfjsPromise ??= loadDisplayHalf();
  return pdfjsPromise;
}

/**
 * pdf.js's handle on its parsing half in this thread, for documents parsed here (no parser
 * thread): the half is loaded here and answers on an InThreadPort, one for every document parsed
 * in this thread, as a parser thread's does.
 */
function workerHere(): Promise<PdfWorker> {
  workerHerePromise ??= Promise.all([loadPdfJs(), loadParsingHalf()]).then(([pdfjs, { WorkerMessageHandler }]) => {
    const port = new InThreadPort();
    const worker = pdfWorkerOn(pdfjs, port);
    WorkerMessageHandler.initializeFromPort(port);
    return worker;
  });
  return workerHerePromise;
}

/** Both halves of pdf.js: a batch worker loads them when it starts. */
export async function loadPdfJsHere(): Promise<void> {
  await workerHere();
}

/** pdf.js's handle on a parser thread: one per thread, for every document parsed there. */
const pdfWorkers = new WeakMap<ParserThread, PdfWorker>();

function pdfWorkerOf(pdfjs: PdfJs, parser: ParserThread): PdfWorker {
  let worker = pdfWorkers.get(parser);
  if (!worker) pdfWorkers.set(parser, (worker = pdfWorkerOn(pdfjs, parser.port)));
  return worker;
}

/** pdf.js's handle on a parsing half that answers on `port`. */
function pdfWorkerOn(pdfjs: PdfJs, port: object): PdfWorker {
  // pdf.js's declarations type the port as null; it takes any object that posts and listens to messages.
  return new pdfjs.PDFWorker({ port: port as unknown as null, verbosity: 0 });
}

function pdfjsAssetDir(sub: string): string {
  const require = createRequire(import.meta.url);
  const root = path.dirname(require.resolve('pdfjs-dist/package.json'));
  // pdf.js in Node reads these with fs; it wants a directory path ending with a separator.
  return path.join(root, sub) + path.sep;
}

export interface OpenOptions {
  password?: string;
  /** Where pdf.js parses the document: that thread, or this one when absent. */
  parser?: ParserThread;
  /** With a parser thread: whether that thread also reads the pages; by default, for documents of more than READ_IN_PARSER_ABOVE pages. */
  readInParser?: boolean;
}

/**
 * Documents of more pages than this, parsed in a parser thread, are read there too (parser-reading.ts).
 * Measured, whole process against reading them here: 208 pages -f cells 0.96x, json 0.93x; 500
 * pages 0.92x, 0.95x, with 6–11% less CPU (no operator list cloned across); a 23-page publication
 * 1.04x (the parser thread, which then has the most work, reads its first pages with code not yet
 * compiled while this thread waits), 46 and 92 pages the same either way.
 */
export const READ_IN_PARSER_ABOVE = 100;

/**
 * What pdf.js's font loader is given as its document. With font faces disabled, pdf.js compiles
 * the outline of every glyph drawn and sends it across its message port (a fifth of the time of
 * a page here); enabled, in Node.js it would build a CSS rule for each font and, finding no
 * document, fall back to compiling every outline of the font. Given this document, the rule goes
 * nowhere and no outline is compiled: nothing here renders.
 */
const FONTLESS_DOCUMENT = {
  createElement: () => ({ sheet: { cssRules: [], insertRule: () => 0 }, remove: () => {} }),
  documentElement: { getElementsByTagName: () => [{ append: () => {} }] },
};

/**
 * pdf.js hands each font to its font loader, which builds a CSS rule holding the whole font file in
 * base64 (with FONTLESS_DOCUMENT the rule then goes nowhere): a tenth of this thread's time per
 * page here, for nothing. The document's loader is told each font is attached; should a later
 * pdf.js not have this loader, FONTLESS_DOCUMENT still keeps the outlines from being compiled.
 */
function skipFontFaces(doc: PDFDocumentProxy): void {
  const loader = (doc as unknown as { _transport?: { fontLoader?: { bind?: unknown } } })._transport?.fontLoader;
  if (typeof loader?.bind === 'function') {
    loader.bind = async (font: { attached?: boolean }) => {
      font.attached = true;
    };
  }
}

/**
 * Chunks of an operator list pdf.js's parser may send before this thread has taken them. pdf.js
 * streams an operator list in chunks of about a thousand operators, with room for one: the parser
 * then waits for this thread to take each chunk before it builds the next, and in a thread of its
 * own it stood idle while this thread read the page before. No page here comes near this many
 * chunks (a 5,000-operator page has 5), so the parser never waits.
 */
const OPERATOR_CHUNKS_AHEAD = 64;

/**
 * The frames of the pages whose operator lists are about to be asked of a parser thread, by page
 * index: sent with the request, so that the parser thread reads the page (see parser-reading.ts).
 */
const framesToSend = new WeakMap<PDFDocumentProxy, Map<number, PageFrame>>();

/** Documents parsed in a parser thread (see PageFetcher). */
const parsedInParser = new WeakSet<PDFDocumentProxy>();

/**
 * Changes the requests of operator lists: room for OPERATOR_CHUNKS_AHEAD chunks, and, for a
 * document parsed in a parser thread, the frame the page is to be read into.
 */
function wrapOperatorListRequests(doc: PDFDocumentProxy, readInParser: boolean): void {
  type SendWithStream = (action: string, data: unknown, strategy?: QueuingStrategy, transfers?: unknown) => unknown;
  const handler = (doc as unknown as { _transport?: { messageHandler?: { sendWithStream?: SendWithStream } } })._transport?.messageHandler;
  const send = handler?.sendWithStream;
  if (!handler || typeof send !== 'function') return;
  const frames = readInParser ? new Map<number, PageFrame>() : undefined;
  if (frames) framesToSend.set(doc, frames);
  handler.sendWithStream = function (action, data, strategy, transfers) {
    if (action !== 'GetOperatorList') return send.call(this, action, data, strategy, transfers);
    const pageIndex = (data as { pageIndex?: number }).pageIndex ?? -1;
    const frame = frames?.get(pageIndex);
    frames?.delete(pageIndex);
    return send.call(this, action, frame ? { ...(data as object), pageFrame: frame } : data, strategy ?? { highWaterMark: OPERATOR_CHUNKS_AHEAD }, transfers);
  };
}

export async function openPdf(data: Uint8Array, options: OpenOptions = {}): Promise<PDFDocumentProxy> {
  if (data.length === 0) throw new PlanExtractError('NOT_PDF', 'not a PDF: the file is empty');
  if (!looksLikePdf(data)) throw new PlanExtractError('NOT_PDF', 'not a PDF: no %PDF header');
  const pdfjs = await loadPdfJs();
  const task = pdfjs.getDocument({
    worker: options.parser ? pdfWorkerOf(pdfjs, options.parser) : await workerHere(),
    // pdf.js transfers (detaches) the buffer it is given: hand it a copy.
    data: new Uint8Array(data),
    password: options.password,
    cMapUrl: pdfjsAssetDir('cmaps'),
    cMapPacked: true,
    standardFontDataUrl: pdfjsAssetDir('standard_fonts'),
    isEvalSupported: false,
    disableFontFace: false,
    ownerDocument: FONTLESS_DOCUMENT as unknown as Document,
    useSystemFonts: false,
    enableXfa: false,
    stopAtErrors: false,
    verbosity: 0,
  });
  try {
    const doc = await task.promise;
    skipFontFaces(doc);
    if (options.parser) parsedInParser.add(doc);
    wrapOperatorListRequests(doc, options.parser !== undefined && (options.readInParser ?? doc.numPages > READ_IN_PARSER_ABOVE));
    return doc;
  } catch (err) {
    await task.destroy().catch(() => {});
    throw translatePdfError(err, options);
  }
}

function looksLikePdf(data: Uint8Array): boolean {
  // The header may be preceded by up to 1024 bytes of junk (PDF 32000-1 §7.5.2 implementations tolerate it).
  const head = Buffer.from(data.subarray(0, 1024)).toString('latin1');
  return head.includes('%PDF-');
}

function translatePdfError(err: unknown, options: OpenOptions): PlanExtractError {
  const e = err as { name?: string; code?: number; message?: string };
  if (e?.name === 'PasswordException') {
    if (options.password === undefined || e.code === 1) {
      return new PlanExtractError('ENCRYPTED', 'encrypted PDF: a password is needed (the password option)');
    }
    return new PlanExtractError('BAD_PASSWORD', 'encrypted PDF: the password is wrong');
  }
  if (e?.name === 'InvalidPDFException') return new PlanExtractError('CORRUPT_PDF', `corrupt PDF: ${oneLine(e.message)}`);
  return new PlanExtractError('CORRUPT_PDF', `unreadable PDF: ${oneLine(e?.message ?? String(err))}`);
}

function oneLine(s: string | undefined): string {
  return (s ?? '').replace(/\s+/g, ' ').trim();
}

/** A page's operator list as pdf.js gives it (or the page read in the parser thread), with what reading it needs. */
export interface PageOperators extends PageFrame {
  pageNumber: number;
  page: PDFPageProxy;
  ops: OperatorList;
}

function unreadable(pageNumber: number, err: unknown): PlanExtractError {
  return new PlanExtractError('CORRUPT_PDF', `page ${pageNumber} is unreadable: ${oneLine((err as Error)?.message)}`, { page: pageNumber });
}

/**
 * Asks pdf.js for one page's operator list (one pass over the page's content gives both the
 * drawing and the text). Given to pagePrimitives, which releases the page.
 */
export async function fetchPageOperators(doc: PDFDocumentProxy, pageNumber: number): Promise<PageOperators> {
  let page: PDFPageProxy;
  try {
    page = await doc.getPage(pageNumber);
  } catch (err) {
    throw unreadable(pageNumber, err);
  }
  return askPageOperators(doc, page, pageNumber);
}

/**
 * Asks pdf.js for the operator list of a page whose proxy is at hand: the request is on its way to
 * the parsing half when this returns (pdf.js sends it within getOperatorList), where
 * fetchPageOperators sends it only once this thread has taken the page's proxy.
 */
export function askPageOperators(doc: PDFDocumentProxy, page: PDFPageProxy, pageNumber: number): Promise<PageOperators> {
  try {
    const viewport = page.getViewport({ scale: 1 });
    const frame: PageFrame = { base: viewport.transform as Matrix, width: viewport.width, height: viewport.height };
    // pdf.js sends the request within getOperatorList, where the frame is taken (wrapOperatorListRequests).
    framesToSend.get(doc)?.set(pageNumber - 1, frame);
    return page.getOperatorList({ intent: 'display' }).then(
      (ops) => ({ pageNumber, page, ops, ...frame }),
      (err) => {
        page.cleanup();
        throw unreadable(pageNumber, err);
      },
    );
  } catch (err) {
    page.cleanup();
    return Promise.reject(unreadable(pageNumber, err));
  }
}

/**
 * Fetches pages' operator lists for readPages, asking for their proxies ahead. Asking for a page
 * takes two messages, its proxy (GetPage), then its operator list, and pdf.js sends the second only
 * once this thread has taken the answer to the first, which, while it reads a page, it does only
 * after: a parser thread was then left idle between pages, waiting for requests sent two at a time
 * (30–40 ms in a 23-page run, this thread then waiting for it in turn). With the proxy asked for
 * earlier, the operator list is asked for the moment the page before is taken. Only for a document
 * parsed in a parser thread: where pdf.js parses in this thread (a batch worker), the proxies asked
 * ahead only cost (a batch of 20, --jobs 1: 1.05x, with 6% more CPU).
 */
export class PageFetcher {
  private readonly proxies = new Map<number, PDFPageProxy>();
  constructor(private readonly doc: PDFDocumentProxy) {}

  /** Asks for a page's proxy, to be at hand when its operator list is fetched. */
  prepare(pageNumber: number): void {
    if (!parsedInParser.has(this.doc)) return;
    this.doc.getPage(pageNumber).then(
      (page) => this.proxies.set(pageNumber, page),
      () => {}, // the page is unreadable: fetch says so
    );
  }

  /** A page's operator list: asked for now when its proxy is at hand, else once it comes. */
  fetch(pageNumber: number): Promise<PageOperators> {
    const page = this.proxies.get(pageNumber);
    this.proxies.delete(pageNumber);
    return page ? askPageOperators(this.doc, page, pageNumber) : fetchPageOperators(this.doc, pageNumber);
  }
}

/**
 * The fonts of a page as the operator reader needs them. pdf.js keeps a font's properties packed in
 * a buffer and decodes one on each read (fontMatrix: a new array each time); they are read on every
 * text operation, so each font's are read once.
 */
function fontsOf(page: PDFPageProxy): (name: string) => FontInfo {
  const fonts = new Map<string, FontInfo>();
  return (name) => {
    let info = fonts.get(name);
    if (!info) {
      const font = page.commonObjs.has(name) ? (page.commonObjs.get(name) as FontInfo) : {};
      info = { fontMatrix: font.fontMatrix, ascent: font.ascent, descent: font.descent, vertical: font.vertical };
      fonts.set(name, info);
    }
    return info;
  };
}

/** A page's text and vector primitives, read from its operator list here unless the parser thread read them; the page is released. */
export function pagePrimitives(fetched: PageOperators): PagePrimitives {
  const { page, ops, pageNumber } = fetched;
  try {
    return { page: pageNumber, ...(pageReadElsewhere(ops) ?? readPage(ops, fetched, fontsOf(page))) };
  } catch (err) {
    if (err instanceof PlanExtractError) throw err;
    throw unreadable(pageNumber, err);
  } finally {
    page.cleanup();
    // pdf.js's code compiled for a first page is worth keeping (see code-cache.ts).
    keepPdfJsCodeSoon();
  }
}
