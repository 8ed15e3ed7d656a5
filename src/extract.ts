import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { PDFDocumentProxy } from 'pdfjs-dist/types/src/display/api.js';
import type { z } from 'zod';
import { PlanExtractError } from './errors.js';
import { PRODUCER } from './version.js';
import { documentEdition, fiscalYearOf, planIdOf } from './records/edition.js';
import type { PagePrimitives } from './geometry.js';
import { buildPageGrid, type PageGrid } from './grid/page.js';
import { openPdf, readPagePrimitives } from './pdf/document.js';
import { buildSection } from './records/plan.js';
import {
  CellsDocumentSchema, ColumnKeySchema, DocumentSchema, withKinds, type CellsDocument, type ColumnKey, type PlanDocument, type Section, type WarningDraft,
} from './schema.js';
import { assembleSections, cellText, hasValueColumns, type PageText, type SectionDraft } from './tables/assemble.js';
import { columnForHeader } from './tables/header.js';
import { joinLines, segmentsText } from './text/lines.js';
import { FORBIDDEN_CHARS, isPrivateUse } from './text/normalize.js';
import { parseValueLazily, prefetchTokenizer } from './values/index.js';

export interface ExtractOptions {
  /** Name recorded as source.file (default: "stdin" for buffers, the base name for files). */
  fileName?: string;
  password?: string;
  /** 1-based page numbers to read; default all. */
  pages?: number[];
  /** Refuse documents with more pages than this. */
  maxPages?: number;
  /** The fiscal year of the publication (otherwise read from its text or file name). */
  fiscalYear?: number;
  /** Called after each page is read with its primitives and full grid (for --debug output). */
  onPage?: (prims: PagePrimitives, grid: PageGrid) => void;
}

/** What the page readers hand to the assembling stages: cells only, page geometry dropped. */
export interface PagesResult {
  grids: PageGrid[];
  glyphCount: number;
  /** Pages that could not be read (a damaged page is skipped, not fatal). */
  warnings: WarningDraft[];
}

export interface SourceInfo {
  file: string;
  sha256: string;
  pageCount: number;
}

/** The output's source record: the file, the producer of the output, the hash and page count. */
function sourceOf(source: SourceInfo): PlanDocument['source'] {
  return { file: source.file, producer: PRODUCER, sha256: source.sha256, pageCount: source.pageCount };
}

export function sha256Of(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Opens a PDF and checks its page count against the limit. */
export async function openChecked(data: Uint8Array, options: ExtractOptions): Promise<PDFDocumentProxy> {
  const doc = await openPdf(data, { password: options.password });
  if (options.maxPages !== undefined && doc.numPages > options.maxPages) {
    await doc.destroy();
    throw new PlanExtractError('TOO_MANY_PAGES', `too many pages: ${doc.numPages} (limit ${options.maxPages}, see the maxPages option)`);
  }
  return doc;
}

/** The pages to read: the requested ones that exist, in order, each once. None of them existing is an error. */
export function selectPages(pageCount: number, requested?: number[]): number[] {
  if (!requested) return Array.from({ length: pageCount }, (_, i) => i + 1);
  const pages = [...new Set(requested)].filter((p) => p >= 1 && p <= pageCount).sort((a, b) => a - b);
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

/** Reads the given pages of an open document into grids; pages are released as they are done. */
/**
 * Reads the given pages of an open document into grids; pages are released as they are done.
 * `onGrid` receives each page's cells (geometry dropped); without it they are kept in the result.
 */
export async function readPageGrids(
  doc: PDFDocumentProxy,
  pages: number[],
  onPage?: ExtractOptions['onPage'],
  onGrid?: (grid: PageGrid, glyphCount: number) => void,
): Promise<PagesResult> {
  const grids: PageGrid[] = [];
  const warnings: WarningDraft[] = [];
  let glyphCount = 0;
  let read = 0;
  for (const p of pages) {
    let prims: PagePrimitives;
    try {
      prims = await readPagePrimitives(doc, p);
    } catch (err) {
      // One damaged page does not hide the others; a document with no readable page fails.
      if (!(err instanceof PlanExtractError) || err.code !== 'CORRUPT_PDF' || (p === pages[pages.length - 1] && read === 0)) throw err;
      warnings.push({ code: 'PAGE_UNREADABLE', message: err.message, page: p });
      continue;
    }
    read++;
    glyphCount += prims.glyphs.length;
    const grid = buildPageGrid(prims);
    onPage?.(prims, grid);
    const cells = { ...grid, glyphs: [], rules: [], strikes: [] };
    if (onGrid) onGrid(cells, prims.glyphs.length);
    else grids.push(cells);
  }
  return { grids, glyphCount, warnings };
}

function requireText(result: PagesResult): void {
  if (result.glyphCount === 0 && result.grids.length > 0) {
    throw new PlanExtractError('NO_TEXT_LAYER', 'no text layer (a scanned publication?); OCR is not supported');
  }
}

/** Text hygiene, checked once more on everything that is written: every string nested in value. */
function checkStrings(value: unknown, warnings: WarningDraft[], where: Omit<WarningDraft, 'code' | 'message'>): void {
  if (Array.isArray(value)) return value.forEach((v) => checkStrings(v, warnings, where));
  if (value && typeof value === 'object') return Object.values(value).forEach((v) => checkStrings(v, warnings, where));
  if (typeof value !== 'string') return;
  const forbidden = FORBIDDEN_CHARS.exec(value);
  if (forbidden) {
    warnings.push({ code: 'UNMAPPED_RADICAL', message: `a CJK radical or compatibility character has no ideograph to map to: ${forbidden[0]}`, ...where });
  }
  const pua = Array.from(value).find(isPrivateUse);
  if (pua) warnings.push({ code: 'PRIVATE_USE_GLYPH', message: `a private-use character (U+${pua.codePointAt(0)!.toString(16).toUpperCase()}) has no Unicode meaning`, ...where });
}

/** Warnings for characters that must not reach a reader, on every string of every section. */
export function hygieneWarnings(sections: Section[]): WarningDraft[] {
  const warnings: WarningDraft[] = [];
  for (const s of sections) {
    checkStrings([s.department, s.mission], warnings, { page: s.pages[0], department: s.department });
    for (const plan of s.plans) {
      for (const [field, value] of Object.entries(plan)) {
        const where = { page: plan.pages[0], department: s.department, rank: plan.rank };
        checkStrings(value, warnings, ColumnKeySchema.safeParse(field).success ? { ...where, field: field as ColumnKey } : where);
      }
    }
  }
  return warnings;
}

/**
 * Checks the output against its schema. The value itself is returned, not zod's copy of it:
 * the schemas have no defaults or transforms, and a second copy of a 500-page document costs
 * hundreds of MB.
 */
function validate<T>(schema: z.ZodType<T>, value: T): T {
  const result = schema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new PlanExtractError('SCHEMA_VIOLATION', `internal error: output does not match its schema at ${issue.path.join('.')}: ${issue.message}`);
  }
  return value;
}

/** Sections, plans, parts and values from the grids of a document's pages, validated. */
export async function buildDocument(result: PagesResult, source: SourceInfo, given: { fiscalYear?: number } = {}): Promise<PlanDocument> {
  requireText(result);
  const warnings: WarningDraft[] = [...result.warnings, ...repairWarnings(result.grids)];
  const pageText: PageText[] = [];
  const drafts = assembleSections(result.grids, warnings, pageText);
  const sections: Section[] = [];
  for (const d of drafts) sections.push(await buildSection(d, parseValueLazily, warnings));
  if (!sections.some((s) => s.plans.length > 0)) throw new PlanExtractError('NO_PLAN_TABLE', noPlanReason(result.grids, drafts));
  warnings.push(...hygieneWarnings(sections));
  const edition = documentEdition(sections, warnings);
  const year = fiscalYearOf(given.fiscalYear, pageText.map((t) => t.text), source.file);
  for (const s of sections) s.plans = s.plans.map((p, i) => ({ ...p, planId: planIdOf(year.fiscalYear, s.department, p.rank, i) }));
  return validate(DocumentSchema, { schemaVersion: '1', source: sourceOf(source), edition, ...year, sections, pageText, warnings: withKinds(warnings) });
}

/** One warning per page whose text layer had characters that are not text. */
function repairWarnings(grids: PageGrid[]): WarningDraft[] {
  return grids.filter((g) => g.repaired > 0).map((g) => ({
    code: 'TEXT_REPAIRED',
    message: `${g.repaired} character(s) of the text layer were not text (control characters or broken surrogates) and were removed or replaced with U+FFFD`,
    page: g.page,
  }));
}

/** Why a document gave no plan, naming the page where a plan table was nearest to being read. */
function noPlanReason(grids: PageGrid[], drafts: SectionDraft[]): string {
  const empty = drafts.find((d) => d.columns.length > 0);
  if (empty) return `no 実行計画 rows: the plan table on page ${empty.pages[0]} has a header but no row below it mapped to a plan`;
  for (const page of grids) {
    for (const table of page.grids) {
      const named = [...new Set(table.cells.map((c) => columnForHeader(cellText(c))).filter((k) => k !== null))];
      if (named.length) return `no 実行計画 table found: too few header columns mapped on page ${page.page} (only ${named.join(', ')})`;
    }
  }
  const tables = grids.reduce((n, g) => n + g.grids.length, 0);
  return tables
    ? `no 実行計画 table found: ${tables} ruled table(s), none with a header naming 順位, 取組項目, 指標… columns`
    : 'no 実行計画 table found: no ruled table on any page (no header naming 順位, 取組項目, 指標… columns)';
}

/** Every ruled table on every page as rows of cells (`--format cells`), validated. */
export function buildCellsDocument(result: PagesResult, source: SourceInfo): CellsDocument {
  requireText(result);
  const round = (n: number) => Math.round(n * 100) / 100;
  const pages = result.grids.map((g) => ({
    page: g.page,
    width: round(g.width),
    height: round(g.height),
    tables: g.grids.map((t) => {
      const rows: CellsDocument['pages'][number]['tables'][number]['rows'] = [];
      for (const c of t.cells) {
        const segments = joinLines(c.lines);
        (rows[c.row] ??= []).push({
          row: c.row,
          col: c.col,
          rowSpan: c.rowSpan,
          colSpan: c.colSpan,
          box: [round(c.x0), round(c.top), round(c.x1), round(c.bottom)],
          text: segmentsText(segments),
          segments,
        });
      }
      return {
        box: [round(t.x0), round(t.top), round(t.x1), round(t.bottom)] as [number, number, number, number],
        rowCount: t.ys.length - 1,
        colCount: t.xs.length - 1,
        rows: Array.from(rows, (r) => r ?? []),
      };
    }),
  }));
  return validate(CellsDocumentSchema, { schemaVersion: '1', source: sourceOf(source), pages, warnings: withKinds([...result.warnings, ...repairWarnings(result.grids)]) });
}

/**
 * A per-page check that starts loading the value dictionary in the background once a page shows
 * a plan table with target or result columns (their values will need it), so that its load
 * overlaps with reading the remaining pages. Checks nothing after the first hit.
 */
export function tokenizerPrefetcher(): (grid: PageGrid) => void {
  let done = false;
  return (grid) => {
    if (done || !hasValueColumns(grid)) return;
    done = true;
    prefetchTokenizer();
  };
}

async function readAll(data: Uint8Array, options: ExtractOptions, values: boolean): Promise<{ result: PagesResult; source: SourceInfo }> {
  const sha256 = sha256Of(data);
  const doc = await openChecked(data, options);
  const prefetch = tokenizerPrefetcher();
  const onPage: ExtractOptions['onPage'] = (prims, grid) => {
    if (values) prefetch(grid);
    options.onPage?.(prims, grid);
  };
  try {
    const result = await readPageGrids(doc, selectPages(doc.numPages, options.pages), onPage);
    result.warnings.unshift(...pageRangeWarnings(doc.numPages, options.pages));
    return { result, source: { file: options.fileName ?? 'stdin', sha256, pageCount: doc.numPages } };
  } finally {
    await doc.destroy();
  }
}

/** Reads a 実行計画 PDF held in memory into the validated JSON document. */
export async function extractBuffer(data: Uint8Array, options: ExtractOptions = {}): Promise<PlanDocument> {
  const { result, source } = await readAll(data, options, true);
  return buildDocument(result, source, { fiscalYear: options.fiscalYear });
}

/** Reads a 実行計画 PDF from disk. */
export async function extractFile(file: string, options: ExtractOptions = {}): Promise<PlanDocument> {
  const data = await readInput(file);
  return extractBuffer(data, { fileName: path.basename(file), ...options });
}

/** Every ruled table on every page as rows of cells. */
export async function extractCells(data: Uint8Array, options: ExtractOptions = {}): Promise<CellsDocument> {
  const { result, source } = await readAll(data, options, false);
  return buildCellsDocument(result, source);
}

export async function readInput(file: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await fs.readFile(file));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new PlanExtractError('INPUT_MISSING', `no such file: ${file}`);
    if (code === 'EISDIR') throw new PlanExtractError('INPUT_MISSING', `is a directory: ${file}`);
    throw new PlanExtractError('INPUT_MISSING', `cannot read ${file}: ${code ?? (err as Error).message}`);
  }
}
