import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { PlanExtractError } from './errors.js';
import { buildPageGrid, type PageGrid } from './grid/page.js';
import { openPdf, readPagePrimitives } from './pdf/document.js';
import { buildSection } from './records/plan.js';
import {
  CellsDocumentSchema, ColumnKeySchema, DocumentSchema, type CellsDocument, type ColumnKey, type PlanDocument, type Section, type Warning,
} from './schema.js';
import { parseValueLazily } from './values/index.js';
import { assembleSections } from './tables/assemble.js';
import { joinLines, segmentsText } from './text/lines.js';
import { FORBIDDEN_CHARS, isPrivateUse } from './text/normalize.js';
import type { z } from 'zod';

export interface ExtractOptions {
  /** Name recorded as source.file (default: "stdin" for buffers, the base name for files). */
  fileName?: string;
  password?: string;
  /** 1-based page numbers to read; default all. */
  pages?: number[];
  /** Called after each page is read, e.g. for progress or --debug output. */
  onPage?: (grid: PageGrid) => void;
}

interface PagesResult {
  grids: PageGrid[];
  pageCount: number;
  sha256: string;
  glyphCount: number;
}

async function readPages(data: Uint8Array, options: ExtractOptions): Promise<PagesResult> {
  const sha256 = createHash('sha256').update(data).digest('hex');
  const doc = await openPdf(data, { password: options.password });
  try {
    const pageCount = doc.numPages;
    const wanted = options.pages?.filter((p) => p >= 1 && p <= pageCount) ?? Array.from({ length: pageCount }, (_, i) => i + 1);
    const grids: PageGrid[] = [];
    let glyphCount = 0;
    for (const p of wanted) {
      const prims = await readPagePrimitives(doc, p);
      glyphCount += prims.glyphs.length;
      const grid = buildPageGrid(prims);
      options.onPage?.(grid);
      // Only the cells go on to the next stages; the page geometry is dropped to bound memory.
      grids.push({ ...grid, glyphs: [], rules: [], strikes: [] });
    }
    return { grids, pageCount, sha256, glyphCount };
  } finally {
    await doc.destroy();
  }
}

/** Text hygiene, checked once more on everything that is written: every string nested in value. */
function checkStrings(value: unknown, warnings: Warning[], where: Omit<Warning, 'code' | 'message'>): void {
  if (Array.isArray(value)) return value.forEach((v) => checkStrings(v, warnings, where));
  if (value && typeof value === 'object') return Object.values(value).forEach((v) => checkStrings(v, warnings, where));
  if (typeof value !== 'string') return;
  if (FORBIDDEN_CHARS.test(value)) {
    warnings.push({ code: 'UNMAPPED_RADICAL', message: `a CJK radical or compatibility character has no ideograph to map to: ${value.match(FORBIDDEN_CHARS)![0]}`, ...where });
  }
  const pua = Array.from(value).find(isPrivateUse);
  if (pua) warnings.push({ code: 'PRIVATE_USE_GLYPH', message: `a private-use character (U+${pua.codePointAt(0)!.toString(16).toUpperCase()}) has no Unicode meaning`, ...where });
}

function validate<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new PlanExtractError('SCHEMA_VIOLATION', `internal error: output does not match its schema at ${issue.path.join('.')}: ${issue.message}`);
  }
  return result.data;
}

/** Reads a 実行計画 PDF held in memory into the validated JSON document. */
export async function extractBuffer(data: Uint8Array, options: ExtractOptions = {}): Promise<PlanDocument> {
  const { grids, pageCount, sha256, glyphCount } = await readPages(data, options);
  if (glyphCount === 0 && grids.length > 0) {
    throw new PlanExtractError('NO_TEXT_LAYER', 'no text layer (a scanned publication?); OCR is not supported');
  }
  const warnings: Warning[] = [];
  const drafts = assembleSections(grids, warnings);
  const sections: Section[] = [];
  for (const d of drafts) sections.push(await buildSection(d, parseValueLazily, warnings));
  if (!sections.some((s) => s.plans.length > 0)) {
    throw new PlanExtractError('NO_PLAN_TABLE', 'no 実行計画 table found (no header with 順位/取組項目/指標 columns)');
  }
  for (const s of sections) {
    checkStrings([s.department, s.mission], warnings, { page: s.pages[0], department: s.department });
    for (const plan of s.plans) {
      for (const [field, value] of Object.entries(plan)) {
        const where = { page: plan.pages[0], department: s.department, rank: plan.rank };
        checkStrings(value, warnings, ColumnKeySchema.safeParse(field).success ? { ...where, field: field as ColumnKey } : where);
      }
    }
  }
  const doc: PlanDocument = {
    schemaVersion: '1',
    source: { file: options.fileName ?? 'stdin', sha256, pageCount },
    sections,
    warnings,
  };
  return validate(DocumentSchema, doc);
}

/** Reads a 実行計画 PDF from disk. */
export async function extractFile(file: string, options: ExtractOptions = {}): Promise<PlanDocument> {
  const data = await readInput(file);
  return extractBuffer(data, { fileName: path.basename(file), ...options });
}

/** Every ruled table on every page as rows of cells (`--format cells`). */
export async function extractCells(data: Uint8Array, options: ExtractOptions = {}): Promise<CellsDocument> {
  const { grids, pageCount, sha256, glyphCount } = await readPages(data, options);
  if (glyphCount === 0 && grids.length > 0) {
    throw new PlanExtractError('NO_TEXT_LAYER', 'no text layer (a scanned publication?); OCR is not supported');
  }
  const round = (n: number) => Math.round(n * 100) / 100;
  const doc: CellsDocument = {
    schemaVersion: '1',
    source: { file: options.fileName ?? 'stdin', sha256, pageCount },
    pages: grids.map((g) => ({
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
        return { box: [round(t.x0), round(t.top), round(t.x1), round(t.bottom)] as [number, number, number, number], rowCount: t.ys.length - 1, colCount: t.xs.length - 1, rows: Array.from(rows, (r) => r ?? []) };
      }),
    })),
    warnings: [],
  };
  return validate(CellsDocumentSchema, doc);
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

