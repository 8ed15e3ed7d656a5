import type { TextCell, PageGrid, TextGrid } from '../grid/page.js';
import type { ColumnKey, Warning } from '../schema.js';
import { joinLines, segmentsText, type TextLine } from '../text/lines.js';
import { columnForHeader, titleLabel } from './header.js';

/** A column of the plan table as its header cell spans it on the page. */
export interface ColumnSpan {
  key: ColumnKey;
  x0: number;
  x1: number;
}

export interface PlanDraft {
  fields: Map<ColumnKey, TextLine[]>;
  pages: number[];
  /** Page of the row that started the plan, for messages. */
  page: number;
}

export interface SectionDraft {
  department: string;
  mission: string;
  pages: number[];
  columns: ColumnKey[];
  plans: PlanDraft[];
}

/** A header row names at least this many columns; fewer is a data row that happens to hold a header word. */
const MIN_HEADER_COLUMNS = 3;

const textCache = new WeakMap<TextCell, string>();

/** A cell's text (struck text included), computed once per cell. */
export function cellText(cell: TextCell): string {
  let text = textCache.get(cell);
  if (text === undefined) textCache.set(cell, (text = segmentsText(joinLines(cell.lines))));
  return text;
}

function addPage(pages: number[], page: number): void {
  if (!pages.includes(page)) pages.push(page);
}

/**
 * Walks the pages in order and builds sections: title rows (部課名, 課の使命) start a section,
 * header rows map columns by their text, data rows become plans, and a row whose 順位 cell
 * is empty continues the plan before it (a row split across pages).
 */
export function assembleSections(pages: PageGrid[], warnings: Warning[]): SectionDraft[] {
  const sections: SectionDraft[] = [];
  let section: SectionDraft | null = null;
  let columns: ColumnSpan[] = [];

  for (const page of pages) {
    for (const grid of page.grids) {
      const title = findTitle(grid);
      if (title.department !== undefined) {
        section = { department: title.department, mission: title.mission ?? '', pages: [page.page], columns: [], plans: [] };
        sections.push(section);
        columns = [];
      } else if (title.mission !== undefined && section && !section.mission) {
        section.mission = title.mission;
      }
      const header = findHeader(grid);
      if (header) {
        columns = header.columns;
        if (section) {
          section.columns = columns.map((c) => c.key);
          for (const dup of header.duplicates) {
            warnings.push({ code: 'DUPLICATE_COLUMN', message: `column ${dup} is printed twice; the first one is used`, page: page.page, department: section.department, field: dup });
          }
        }
      }
      if (!section || !columns.length) continue;
      const firstDataRow = header ? header.endRow : title.endRow;
      addRows(section, grid, firstDataRow, columns, page.page, warnings);
    }
  }
  return sections;
}

function findTitle(grid: TextGrid): { department?: string; mission?: string; endRow: number } {
  const result: { department?: string; mission?: string; endRow: number } = { endRow: 0 };
  for (const cell of grid.cells) {
    const label = titleLabel(cellText(cell));
    if (!label) continue;
    const value = grid.cells.find((c) => c.row === cell.row && c.col === cell.col + cell.colSpan);
    const text = value ? segmentsText(joinLines(value.lines)) : '';
    if (label === 'department') result.department = text.replace(/\n/g, '');
    else result.mission = text;
    result.endRow = Math.max(result.endRow, cell.row + cell.rowSpan, value ? value.row + value.rowSpan : 0);
  }
  return result;
}

/** Whether a page holds a plan table whose target or result values will be parsed. */
export function hasValueColumns(page: PageGrid): boolean {
  return page.grids.some((t) => findHeader(t)?.columns.some((c) => c.key === 'target' || c.key === 'actual') ?? false);
}

export function findHeader(grid: TextGrid): { columns: ColumnSpan[]; endRow: number; duplicates: ColumnKey[] } | null {
  const rows = [...new Set(grid.cells.map((c) => c.row))].sort((a, b) => a - b);
  for (const row of rows) {
    const starting = grid.cells.filter((c) => c.row === row);
    const keys = new Set(starting.map((c) => columnForHeader(cellText(c))).filter((k) => k !== null));
    if (keys.size < MIN_HEADER_COLUMNS) continue;
    // A multi-level header: the cells of its first row that span rows mark where it ends.
    const endRow = Math.max(...starting.map((c) => c.row + c.rowSpan));
    const columns: ColumnSpan[] = [];
    const duplicates: ColumnKey[] = [];
    for (const cell of grid.cells) {
      if (cell.row < row || cell.row >= endRow) continue;
      const key = columnForHeader(cellText(cell));
      if (!key) continue;
      if (columns.some((c) => c.key === key)) duplicates.push(key);
      else columns.push({ key, x0: cell.x0, x1: cell.x1 });
    }
    columns.sort((a, b) => a.x0 - b.x0);
    return { columns, endRow, duplicates };
  }
  return null;
}


/** The column whose header overlaps the cell most, horizontally. */
function columnOf(cell: TextCell, columns: ColumnSpan[]): ColumnKey | null {
  let best: ColumnKey | null = null;
  let bestOverlap = 0;
  for (const c of columns) {
    const overlap = Math.min(c.x1, cell.x1) - Math.max(c.x0, cell.x0);
    if (overlap > bestOverlap) {
      bestOverlap = overlap;
      best = c.key;
    }
  }
  // Less than half of the cell under one header: the grid does not line up with the header.
  return bestOverlap >= 0.5 * (cell.x1 - cell.x0) ? best : null;
}

function addRows(section: SectionDraft, grid: TextGrid, firstRow: number, columns: ColumnSpan[], page: number, warnings: Warning[]): void {
  const cells = grid.cells.filter((c) => c.row >= firstRow);
  if (!cells.length) return;
  const keyed = cells.map((cell) => ({ cell, key: columnOf(cell, columns) }));
  const hasRank = columns.some((c) => c.key === 'rank');
  // Row groups: a plan's rows run from its 順位 cell down over that cell's row span.
  const starts = hasRank
    ? keyed.filter((k) => k.key === 'rank').map((k) => ({ row: k.cell.row, end: k.cell.row + k.cell.rowSpan }))
    : [...new Set(cells.map((c) => c.row))].map((row) => ({ row, end: row + 1 }));
  starts.sort((a, b) => a.row - b.row);
  const firstStart = starts.length ? starts[0].row : Infinity;
  const groups: { rows: [number, number]; items: typeof keyed }[] = [];
  if (firstRow < firstStart && Number.isFinite(firstStart)) groups.push({ rows: [firstRow, firstStart], items: [] });
  for (const s of starts) groups.push({ rows: [s.row, s.end], items: [] });
  for (const k of keyed) {
    const g = groups.find((gr) => k.cell.row >= gr.rows[0] && k.cell.row < gr.rows[1]) ?? groups[groups.length - 1];
    if (!g) continue;
    if (k.key === null) {
      if (k.cell.lines.length) {
        warnings.push({ code: 'UNMAPPED_CELL', message: `text outside every header column: ${cellText(k.cell).slice(0, 30)}`, page, department: section.department });
      }
      continue;
    }
    g.items.push(k);
  }
  for (const g of groups) {
    const fields = new Map<ColumnKey, TextLine[]>();
    for (const { cell, key } of g.items.sort((a, b) => a.cell.row - b.cell.row || a.cell.col - b.cell.col)) {
      if (!cell.lines.length) continue;
      const list = fields.get(key!) ?? [];
      list.push(...cell.lines);
      fields.set(key!, list);
    }
    if (!fields.size) continue;
    addPage(section.pages, page);
    const last = section.plans[section.plans.length - 1];
    if (!fields.has('rank') && hasRank && last) {
      // 順位 is empty: the row continues the previous plan (split across a page break).
      for (const [key, lines] of fields) last.fields.set(key, [...(last.fields.get(key) ?? []), ...lines]);
      addPage(last.pages, page);
      continue;
    }
    section.plans.push({ fields, pages: [page], page });
  }
}
