import { createRequire } from 'node:module';
import path from 'node:path';
import type { PDFDocumentProxy } from 'pdfjs-dist/types/src/display/api.js';
import { PlanExtractError } from '../errors.js';
import { multiply, pageTurn, type Glyph, type Matrix, type PagePrimitives } from '../geometry.js';
import { readOperatorList, type FontInfo } from './operators.js';
import { loadWithoutCanvas } from './polyfills.js';

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
let pdfjsPromise: Promise<PdfJs> | null = null;

/** pdf.js is loaded on first use, once per process (or worker); a batch worker loads it when it starts. */
export function loadPdfJs(): Promise<PdfJs> {
  if (!pdfjsPromise) {
    pdfjsPromise = loadWithoutCanvas(async () => {
      // pdf.js runs its "worker" in this thread; loaded here, its module is found on globalThis
      // instead of being imported later, outside the quiet load.
      const workerModule: string = 'pdfjs-dist/legacy/build/pdf.worker.mjs'; // untyped: pdfjs-dist ships no declarations for it
      (globalThis as Record<string, unknown>).pdfjsWorker ??= await import(workerModule);
      return import('pdfjs-dist/legacy/build/pdf.mjs');
    });
  }
  return pdfjsPromise;
}

function pdfjsAssetDir(sub: string): string {
  const require = createRequire(import.meta.url);
  const root = path.dirname(require.resolve('pdfjs-dist/package.json'));
  // pdf.js in Node reads these with fs; it wants a directory path ending with a separator.
  return path.join(root, sub) + path.sep;
}

export interface OpenOptions {
  password?: string;
}

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

export async function openPdf(data: Uint8Array, options: OpenOptions = {}): Promise<PDFDocumentProxy> {
  if (data.length === 0) throw new PlanExtractError('NOT_PDF', 'not a PDF: the file is empty');
  if (!looksLikePdf(data)) throw new PlanExtractError('NOT_PDF', 'not a PDF: no %PDF header');
  const pdfjs = await loadPdfJs();
  const task = pdfjs.getDocument({
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
    return await task.promise;
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

/**
 * The right-angle direction most of a page's characters run in (0 when most are upright):
 * counted over characters that are not blanks.
 */
export function mainDirection(glyphs: Glyph[]): number {
  const counts = new Map<number, number>();
  for (const g of glyphs) {
    if (/\s/.test(g.text)) continue;
    const dir = g.frame?.dir ?? 0;
    if (dir % 90 === 0) counts.set(dir, (counts.get(dir) ?? 0) + 1);
  }
  let best = 0;
  for (const [dir, n] of counts) if (n > (counts.get(best) ?? 0)) best = dir;
  return best;
}

/** Reads one page's text and vector primitives; each pdf.js call is made once per page. */
export async function readPagePrimitives(doc: PDFDocumentProxy, pageNumber: number): Promise<PagePrimitives> {
  let page: Awaited<ReturnType<PDFDocumentProxy['getPage']>>;
  try {
    page = await doc.getPage(pageNumber);
  } catch (err) {
    throw new PlanExtractError('CORRUPT_PDF', `page ${pageNumber} is unreadable: ${oneLine((err as Error)?.message)}`, { page: pageNumber });
  }
  try {
    const viewport = page.getViewport({ scale: 1 });
    const base = viewport.transform as Matrix;
    // One pass over the page's content: the operator list gives both the drawing and the text.
    const ops = await page.getOperatorList({ intent: 'display' });
    const fontOf = (name: string): FontInfo => (page.commonObjs.has(name) ? (page.commonObjs.get(name) as FontInfo) : {});
    let paint = readOperatorList(ops.fnArray, ops.argsArray, base, fontOf);
    let { width, height } = viewport;
    // A page stored turned (/Rotate, or content drawn with a rotation) is read the way its text
    // reads: turned so that most of its text runs left to right, then read again.
    const turn = mainDirection(paint.glyphs);
    if (turn !== 0) {
      paint = readOperatorList(ops.fnArray, ops.argsArray, multiply(pageTurn(turn, width, height), base), fontOf);
      if (turn !== 180) [width, height] = [height, width];
    }
    return { page: pageNumber, width, height, glyphs: paint.glyphs, segments: paint.segments, rects: paint.rects, repaired: paint.repaired };
  } catch (err) {
    if (err instanceof PlanExtractError) throw err;
    throw new PlanExtractError('CORRUPT_PDF', `page ${pageNumber} is unreadable: ${oneLine((err as Error)?.message)}`, { page: pageNumber });
  } finally {
    page.cleanup();
  }
}

