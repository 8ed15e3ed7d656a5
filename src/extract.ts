import path from 'node:path';
import { buildCellsDocument } from './cells-document.js';
import { buildDocument } from './document.js';
import { readInput } from './io.js';
import type { ReadOptions } from './options.js';
import { readDocument } from './pages.js';
import type { CellsDocument, PlanDocument } from './schema.js';

/** Options of the library's extract functions: how to read (see ReadOptions) and the name to record. */
export interface ExtractOptions extends ReadOptions {
  /** Name recorded as source.file (default: "stdin" for buffers, the base name for files). */
  fileName?: string;
}

/** Reads a 実行計画 PDF held in memory into the validated JSON document. */
export async function extractBuffer(data: Uint8Array, options: ExtractOptions = {}): Promise<PlanDocument> {
  const { result, source } = await readDocument(data, options, options.fileName ?? 'stdin');
  return buildDocument(result, source, { fiscalYear: options.fiscalYear });
}

/** Reads a 実行計画 PDF from disk. */
export async function extractFile(file: string, options: ExtractOptions = {}): Promise<PlanDocument> {
  return extractBuffer(await readInput(file), { fileName: path.basename(file), ...options });
}

/** Every ruled table on every page as rows of cells. */
export async function extractCells(data: Uint8Array, options: ExtractOptions = {}): Promise<CellsDocument> {
  const { result, source } = await readDocument(data, options, options.fileName ?? 'stdin');
  return buildCellsDocument(result, source);
}
