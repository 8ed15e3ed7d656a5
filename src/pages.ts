import type { PDFDocumentProxy } from 'pdfjs-dist/types/src/display/api.js';
import { PlanExtractError } from './errors.js';
import type { PagePrimitives } from './geometry.js';
import { buildPageGrid, pageCells, type PageCells, type PageGrid } from './grid/page.js';
import { resolveReadOptions, type ReadOptions } from './options.js';
import { openPdf, pagePrimitives, PageFetcher, type PageOperators } from './pdf/document.js';
import type { ParserThread } from './pdf/parser-thread.js';
import type { WarningDraft } from './schema.js';
import { sha256Of, type SourceInfo } from './source.js';

/** The pages of a document as the assembling stages take them: their cells, page geometry dropped. */
export interface PagesResult {
  pages: PageCells[];
  glyphCount: number;
  /** Pages that could not be read (a damaged page is skipped, not fatal), pages asked for beyond the document. */
  warnings: WarningDraft[];
}

/** Called with each page read: its primitives and its full grid (the SVG of --debug is drawn from them). */
export type PageObserver = (prims: PagePrimitives, grid: PageGrid) => void;

/** Where a document is read: pdf.js's parsing in a thread of its own or in this one, and what stops it. */
export interface ReadPlace {
  /** The thread pdf.js parses the document in; absent: this thread (pdf.js's parsing half then runs here). */
  parser?: ParserThread;
  /** With a parser thread: whether it reads the pages too (by default, for long documents: see pdf/document.ts READ_IN_PARSER_ABOVE). */
  readInParser?: boolean;
  /**
   * Stops the reading: the document is destroyed and no further page is read; a page pdf.js is
   * parsing in this thread runs on in the background (a parser thread is ended by its owner).
   */
  signal?: AbortSignal;
  /** Called once the first pages' operator lists have been asked of pdf.js (see readPages). */
  onPagesAsked?: () => void;
}

/** What else readPages does: calls `observe` with each page read, stops at `signal`, calls `onPagesAsked` once the first pages' operator lists are asked of pdf.js. */
export type ReadHooks = Pick<ReadPlace, 'signal' | 'onPagesAsked'> & { observe?: PageObserver };

/**
 * Opens a PDF, checks its page count against the limit, runs `use` on it and destroys it after,
 * whatever happens: the one place a pdf.js document is opened. A parser thread that ends (out of
 * memory, stopped) ends the reading with its error.
 */
export async function withDocument<T>(data: Uint8Array, options: ReadOptions, use: (doc: PDFDocumentProxy) => Promise<T>, place: ReadPlace = {}): Promise<T> {
  const { parser, signal, readInParser } = place;
  const whileParsing = <V>(work: Promise<V>): Promise<V> => (parser ? Promise.race([work, parser.ended]) : work);
  const doc = await whileParsing(openPdf(data, { password: options.password, parser, readInParser }));
  const stop = () => void doc.destroy();
  signal?.addEventListener('abort', stop, { once: true });
  try {
    if (options.maxPages !== undefined && doc.numPages > options.maxPages) {
      throw new PlanExtractError('TOO_MANY_PAGES', `too many pages: ${doc.numPages} (limit ${options.maxPages}, see the maxPages option)`);
    }
    return await whileParsing(use(doc));
  } finally {
    signal?.removeEventListener('abort', stop);
    // A parser thread that has ended never answers the destroy; the reading already ended with its error.
    await (parser ? whileParsing(doc.destroy()).catch(() => {}) : doc.destroy());
  }
}

/** The pages to read: the requested ones (sorted, each once) that exist. None of them existing is an error. */
export function selectPages(pageCount: number, requested?: number[]): number[] {
  if (!requested) return Array.from({ length: pageCount }, (_, i) => i + 1);
  const pages = requested.filter((p) => p >= 1 && p <= pageCount);
  if (!pages.length && requested.length) {
    throw new PlanExtractError('NO_SUCH_PAGE', `no such page: ${requested.join(', ').slice(0, 60)} (the document has ${pageCount} page${pageCount === 1 ? '' : 's'})`);
  }
  return pages;
}

/** A warning when some requested pages are beyond the document (the others are read). */
export function pageRangeWarnings(pageCount: number, requested?: number[]): WarningDraft[] {
  const beyond = (requested ?? []).filter((p) => p > pageCount);
  if (!beyond.length || beyond.length === requested!.length) return [];
  const range = beyond.length > 1 ? `${beyond[0]}–${beyond[beyond.length - 1]}` : String(beyond[0]);
  return [{ code: 'PAGES_OUT_OF_RANGE', message: `pages ${range} are beyond the document (${pageCount} pages) and were not read` }];
}

type Fetched = { ok: true; value: PageOperators } | { ok: false; error: unknown };

function fetchSettled(fetcher: PageFetcher, page: number): Promise<Fetched> {
  return fetcher.fetch(page).then(
    (value): Fetched => ({ ok: true, value }),
    (error): Fetched => ({ ok: false, error }),
  );
}

/**
 * Pages asked of pdf.js ahead of the one being read here: parsed in a thread of its own, they are
 * parsed meanwhile. Two: with one, the parser thread was idle 40% of the time, waiting for this
 * thread; with four, the operator lists of more pages wait in this thread, in its young
 * generation, and outlive it (23 pages: 1.05x, with 6% more CPU).
 */
const PAGES_AHEAD = 2;

/**
 * Pages whose proxies are asked for beyond those whose operator lists are (see PageFetcher): the
 * parser thread answers between pages, so a proxy asked for one page ahead was often not yet there.
 * 23 pages, whole process, paired against none: 0.98x with three, 1.00x with one, 0.99x with six.
 */
const PROXIES_AHEAD = 3;

/**
 * Reads the given pages of an open document; each page is released as it is done and handed to
 * `onCells` (its glyph count with it). A damaged page is a warning, unless no page could be read.
 */
export async function readPages(
  doc: PDFDocumentProxy,
  pages: number[],
  onCells: (cells: PageCells, glyphCount: number) => void,
  { observe, signal, onPagesAsked }: ReadHooks = {},
): Promise<WarningDraft[]> {
  const warnings: WarningDraft[] = [];
  let read = 0;
  const fetcher = new PageFetcher(doc);
  const asked: Promise<Fetched>[] = pages.slice(0, PAGES_AHEAD).map((p) => fetchSettled(fetcher, p));
  pages.slice(PAGES_AHEAD, PAGES_AHEAD + PROXIES_AHEAD).forEach((p) => fetcher.prepare(p));
  // The first operator lists are asked once their pages' proxies have come (after fetch's own wait for them).
  if (onPagesAsked) void Promise.allSettled(pages.slice(0, PAGES_AHEAD).map((p) => doc.getPage(p))).then(onPagesAsked);
  for (let i = 0; i < pages.length; i++) {
    const fetched = await asked.shift()!;
    signal?.throwIfAborted();
    if (i + PAGES_AHEAD < pages.length) asked.push(fetchSettled(fetcher, pages[i + PAGES_AHEAD]));
    if (i + PAGES_AHEAD + PROXIES_AHEAD < pages.length) fetcher.prepare(pages[i + PAGES_AHEAD + PROXIES_AHEAD]);
    let prims: PagePrimitives;
    try {
      if (!fetched.ok) throw fetched.error;
      prims = pagePrimitives(fetched.value);
    } catch (err) {
      // One damaged page does not hide the others; a document with no readable page fails.
      if (!(err instanceof PlanExtractError) || err.code !== 'CORRUPT_PDF' || (i === pages.length - 1 && read === 0)) throw err;
      warnings.push({ code: 'PAGE_UNREADABLE', message: err.message, page: pages[i] });
      continue;
    }
    read++;
    const grid = buildPageGrid(prims);
    observe?.(prims, grid);
    onCells(pageCells(grid), prims.glyphs.length);
  }
  return warnings;
}

/** Reads the pages the options ask for into one result, with the warnings about pages asked for beyond the document. */
export async function readAllPages(doc: PDFDocumentProxy, options: ReadOptions, observe?: PageObserver): Promise<PagesResult> {
  const result: PagesResult = { pages: [], glyphCount: 0, warnings: pageRangeWarnings(doc.numPages, options.pages) };
  const warnings = await readPages(doc, selectPages(doc.numPages, options.pages), (cells, glyphCount) => {
    result.pages.push(cells);
    result.glyphCount += glyphCount;
  }, { observe });
  result.warnings.push(...warnings);
  return result;
}

/** A document of scanned images has pages but no text. */
export function requireText(result: PagesResult): void {
  if (result.glyphCount === 0 && result.pages.length > 0) {
    throw new PlanExtractError('NO_TEXT_LAYER', 'no text layer (a scanned publication?); OCR is not supported');
  }
}

/** The warnings of reading: the result's own, then one per page whose text layer had characters that are not text. */
export function readingWarnings(result: PagesResult): WarningDraft[] {
  const repaired = result.pages.filter((g) => g.repaired > 0).map((g): WarningDraft => ({
    code: 'TEXT_REPAIRED',
    message: `${g.repaired} character(s) of the text layer were not text (control characters or broken surrogates) and were removed or replaced with U+FFFD`,
    page: g.page,
  }));
  return [...result.warnings, ...repaired];
}

/** Reads a PDF held in memory, in this thread: its pages (those the options select) and what the output records of its source. */
export async function readDocument(data: Uint8Array, options: ReadOptions, fileName: string): Promise<{ result: PagesResult; source: SourceInfo }> {
  const read = resolveReadOptions(options);
  const sha256 = sha256Of(data);
  return withDocument(data, read, async (doc) => ({
    result: await readAllPages(doc, read),
    source: { file: fileName, sha256, pageCount: doc.numPages },
  }));
}
