import { buildCellsDocument } from '../cells-document.js';
import { buildDocument } from '../document.js';
import { pageRangeWarnings, type PagesResult } from '../pages.js';
import type { WarningDraft } from '../schema.js';
import type { SourceInfo } from '../source.js';
import { failure, type FileOutcome, type InputFile } from './files.js';

/** What the workers read of one document, chunk by chunk. */
export interface ReadChunk {
  pages: PagesResult['pages'];
  glyphCount: number;
  warnings: WarningDraft[];
  done: boolean;
}

/** The document of a file whose chunks are all read: its plans (or, for -f cells, its cells), or the error that stopped it. */
export function assembleOutcome(
  input: InputFile,
  chunks: ReadChunk[],
  source: SourceInfo,
  options: { format: 'json' | 'cells'; requestedPages?: number[]; fiscalYear?: number; started: number },
): FileOutcome {
  const result = {
    pages: chunks.flatMap((c) => c.pages),
    glyphCount: chunks.reduce((t, c) => t + c.glyphCount, 0),
    warnings: [...pageRangeWarnings(source.pageCount, options.requestedPages), ...chunks.flatMap((c) => c.warnings)],
  };
  try {
    const doc = options.format === 'cells' ? buildCellsDocument(result, source) : buildDocument(result, source, { fiscalYear: options.fiscalYear });
    return { input, ok: true, doc, pageCount: source.pageCount, ms: Date.now() - options.started };
  } catch (err) {
    return failure(input, err, options.started);
  }
}
