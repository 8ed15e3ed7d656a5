import { readingWarnings, requireText, type PagesResult } from './pages.js';
import { CellsDocumentSchema, checkedOutput, withKinds, type CellsDocument } from './schema.js';
import { sourceRecord, type SourceInfo } from './source.js';
import { joinLines, segmentsText } from './text/lines.js';

type CellsTable = CellsDocument['pages'][number]['tables'][number];

const round = (n: number) => Math.round(n * 100) / 100;

/** Every ruled table on every page as rows of cells (`--format cells`), validated. */
export function buildCellsDocument(result: PagesResult, source: SourceInfo): CellsDocument {
  requireText(result);
  const pages = result.pages.map((g) => ({
    page: g.page,
    width: round(g.width),
    height: round(g.height),
    tables: g.grids.map((t): CellsTable => {
      const rows: CellsTable['rows'] = [];
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
        box: [round(t.x0), round(t.top), round(t.x1), round(t.bottom)],
        rowCount: t.ys.length - 1,
        colCount: t.xs.length - 1,
        rows: Array.from(rows, (r) => r ?? []),
      };
    }),
  }));
  return checkedOutput(CellsDocumentSchema, { schemaVersion: '1', source: sourceRecord(source), pages, warnings: withKinds(readingWarnings(result)) });
}
