import type { PageCells, TextCell, TextGrid } from '../grid/page.js';
import type { ColumnKey, WarningDraft } from '../schema.js';
import { joinLines, segmentsText, type TextLine } from '../text/lines.js';
import { assignColumns, phaseOf } from './columns.js';
import { freeTitleValue, startFreeTitle, takesLine, type FreeTitle } from './free-titles.js';
import { inlineTitle, isGroupHeader, readHeader, titleLabel, type HeaderReading } from './header.js';

/** A column of the plan table as its header cell spans it on the page. */
export interface ColumnSpan {
  /** The field, or null for a column no field matches (kept in the plan's extras under its name). */
  key: ColumnKey | null;
  /** The header as printed (blanks removed). */
  name: string;
  x0: number;
  x1: number;
}

export interface PlanDraft {
  fields: Map<ColumnKey, TextLine[]>;
  /** Columns no field matches, by their printed header. */
  extras: Map<string, TextLine[]>;
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
 * Tables on consecutive pages whose column rules lie within this distance (points) of each other
 * are one table continued: a producer repeats a table's layout on every page, and re-typesetting
 * moves a rule by rounding only (under a point).
 */
const ALIGN_TOLERANCE = 2;

/** Whether two tables have the same column rules (a table continued on the next page). */
export function sameColumns(a: number[], b: number[]): boolean {
  return a.length === b.length && a.every((x, i) => Math.abs(x - b[i]) <= ALIGN_TOLERANCE);
}

/** Where the walk over the pages stands: the open section and the plan table it continues. */
interface WalkState {
  section: SectionDraft | null;
  columns: ColumnSpan[];
  /** Column rules of the last plan table read, and its page. */
  tableXs: number[] | null;
  tablePage: number;
  /** The last plan table ended in a row cut by the page break (no rule under it). */
  tableCut: boolean;
}

/**
 * Walks the pages in order and builds sections: title rows (部課名, 課の使命) start a section,
 * header rows map columns by their text, data rows become plans, and a row whose 順位 cell
 * is empty continues the plan before it (a row split across pages). A table continues the one
 * before only on the next page of the document: a page range with a gap starts afresh.
 */
export function assembleSections(pages: PageCells[], warnings: WarningDraft[], pageText: PageText[] = []): SectionDraft[] {
  const sections: SectionDraft[] = [];
  const state: WalkState = { section: null, columns: [], tableXs: null, tablePage: 0, tableCut: false };
  const applyTitle = (title: Title, page: number) => {
    // The title of the section being read, printed again on the page after its table (a page header,
    // a sheet's title rows repeated on each page): the section and its table go on.
    // A department name is one line, however its cell or title wrapped it.
    const department = title.department?.replace(/\n/g, '');
    const repeated = department === state.section?.department && state.tablePage === page - 1;
    if (department !== undefined && !repeated) {
      state.section = { department, mission: title.mission ?? '', pages: [page], columns: [], plans: [] };
      sections.push(state.section);
      state.columns = [];
      state.tableXs = null;
    } else if (title.mission !== undefined && state.section && !state.section.mission) {
      state.section.mission = title.mission;
    }
  };

  let previousPage = 0;
  for (const page of pages) {
    const afterGap = page.page !== previousPage + 1 && page.page > 1;
    if (page.page !== previousPage + 1) {
      // Pages skipped (a --pages gap or an unreadable page): nothing continues across the gap.
      state.section = null;
      state.columns = [];
      state.tableXs = null;
    }
    previousPage = page.page;
    // Titles printed as plain text above a table count as much as title rows in a grid.
    const events = [
      ...page.freeLines.map((line) => ({ y: line.baseline, line, grid: null })),
      ...page.grids.map((grid) => ({ y: grid.top, line: null, grid })),
    ].sort((a, b) => a.y - b.y);
    const planTables: TextGrid[] = [];
    const outside: TextLine[] = [];
    let title: FreeTitle | null = null;
    const closeTitle = () => {
      const value = title && freeTitleValue(title);
      if (title && value !== null) {
        applyTitle({ [title.label]: value, endRow: 0, cells: new Set() }, page.page);
      } else if (title) outside.push(...title.lines);
      title = null;
    };
    for (const { line, grid } of events) {
      if (line) {
        if (title && takesLine(title, line)) {
          title.lines.push(line);
          continue;
        }
        closeTitle();
        title = startFreeTitle(line);
        if (!title) outside.push(line);
        continue;
      }
      closeTitle();
      const { plan, unused } = readTable(grid!, page.page, state, applyTitle, warnings);
      if (plan) planTables.push(grid!);
      const texts = unused.map(cellText).filter((t) => t.trim());
      if (!texts.length) continue;
      if (plan) {
        warnings.push({ code: 'GLYPHS_UNPLACED', message: `text in a plan table outside its title, header and plans: ${oneLine(texts.join(' / '))}`, page: page.page });
      } else {
        pageText.push({ page: page.page, text: texts.join('\t') });
        if (afterGap && grid!.xs.length > MIN_HEADER_COLUMNS) {
          warnings.push({ code: 'TABLE_WITHOUT_HEADER', message: 'a table with no header after a page that was not read: its rows may continue a plan table (read the page before too); its text is in pageText', page: page.page });
        }
      }
    }
    closeTitle();
    keepOutsideText(page.page, outside, planTables, pageText, warnings);
  }
  for (const s of sections) {
    if (!s.plans.length && s.columns.length) {
      warnings.push({ code: 'SECTION_WITHOUT_PLANS', message: 'a plan table whose rows gave no plan', page: s.pages[0], department: s.department });
    }
  }
  return sections;
}

/** Lines in no table and no title go to pageText, with a warning for those beside a plan table. */
function keepOutsideText(page: number, outside: TextLine[], planTables: TextGrid[], pageText: PageText[], warnings: WarningDraft[]): void {
  for (const line of outside) {
    const text = segmentsText(line.segments);
    pageText.push({ page, text });
    // Text inside the span of a plan table, below its top, may be part of it that no cell holds.
    const within = planTables.some((t) => line.baseline > t.top && line.x0 < t.x1 && line.x1 > t.x0);
    if (within && !PAGE_NUMBER.test(text)) {
      warnings.push({ code: 'TEXT_OUTSIDE_TABLE', message: `text beside a plan table in no cell: ${oneLine(text)}`, page });
    }
  }
}

/** Text printed outside every plan table: headings, page numbers, notes, tables of other kinds. */
export interface PageText {
  page: number;
  text: string;
}

/** A page number as printed at a page foot: "3", "- 3 -", "3/23", "p. 3", "3ページ". */
const PAGE_NUMBER = /^\s*(?:[-‐–—(（]\s*)?(?:p\.?\s*)?\d{1,4}(?:\s*[/／]\s*\d{1,4})?(?:\s*ページ)?(?:\s*[-‐–—)）])?\s*$/iu;

/** Warning messages are one line: a quoted text keeps its line breaks as " / ". */
function oneLine(text: string): string {
  const flat = text.replace(/\s*\n\s*/g, ' / ');
  return flat.length > 80 ? `${flat.slice(0, 80)}…` : flat;
}

/**
 * Reads one table of a page: its title rows, its header (or the one it continues) and its plans.
 * Returns whether it is a plan table and the cells whose text went nowhere.
 */
function readTable(grid: TextGrid, page: number, state: WalkState, applyTitle: (t: Title, page: number) => void, warnings: WarningDraft[]): { plan: boolean; unused: TextCell[] } {
  const title = findTitle(grid);
  applyTitle(title, page);
  const continued = state.tableXs !== null && state.tablePage === page - 1 && sameColumns(state.tableXs, grid.xs) ? state.columns : null;
  // A continuation page may repeat the header only in part: one named column is then enough.
  const header = findHeader(grid, MIN_HEADER_COLUMNS, title.endRow) ?? (continued ? findHeader(grid, 1, title.endRow) : null);
  if (header && !state.section) {
    // A plan table before any 部課名 (a page range that starts mid-section): keep its plans.
    warnings.push({ code: 'SECTION_TITLE_MISSING', message: 'a plan table with no 部課名 title before it', page });
    applyTitle({ department: '', mission: '', endRow: 0, cells: new Set() }, page);
  }
  const section = state.section;
  if (header) {
    // Columns the repeated header leaves out keep the mapping of the page before.
    state.columns = continued ? inheritColumns(header.columns, continued) : header.columns;
    if (section) {
      for (const c of state.columns) if (c.key && !section.columns.includes(c.key)) section.columns.push(c.key);
      const extra = header.columns.filter((c) => c.key === null).map((c) => c.name);
      if (extra.length && !continued) {
        warnings.push({ code: 'EXTRA_COLUMN', message: `columns no field matches are kept in extras: ${extra.join(', ')}`, page, department: section.department });
      }
      for (const dup of header.duplicates) {
        warnings.push({ code: 'DUPLICATE_COLUMN', message: `column ${dup} is printed twice; the first one is used`, page, department: section.department, field: dup });
      }
    }
  }
  const plan = Boolean(section && state.columns.length);
  const headerRows = header ? [header.startRow, header.endRow] : [title.endRow, title.endRow];
  const unused = grid.cells.filter((c) => c.lines.length && !title.cells.has(c) && (c.row < title.endRow || !plan || (c.row >= title.endRow && c.row < headerRows[0])));
  if (!plan) return { plan, unused };
  state.tableXs = grid.xs;
  // The first row of a table continued from a row cut at the foot of the page before is that row,
  // 順位 column or not.
  const continuesCut = Boolean(continued) && state.tableCut;
  state.tablePage = page;
  state.tableCut = grid.openBottom;
  addRows(section!, grid, headerRows[1], state.columns, page, warnings, continuesCut);
  return { plan, unused };
}

/** The header's columns, plus each column of the page before that no header cell now covers. */
function inheritColumns(printed: ColumnSpan[], before: ColumnSpan[]): ColumnSpan[] {
  const overlaps = (a: ColumnSpan, b: ColumnSpan) => Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0) > 0;
  const kept = before.filter((b) => !printed.some((p) => (p.key ?? p.name) === (b.key ?? b.name) || overlaps(p, b)));
  return [...printed, ...kept].sort((a, b) => a.x0 - b.x0);
}

interface Title {
  department?: string;
  mission?: string;
  /** The first row below the title rows. */
  endRow: number;
  /** The cells that hold the labels and values. */
  cells: Set<TextCell>;
}

function findTitle(grid: TextGrid): Title {
  const result: Title = { endRow: 0, cells: new Set() };
  for (const cell of grid.cells) {
    const text = cellText(cell);
    let key = titleLabel(text);
    let value: string;
    if (key) {
      const next = grid.cells.find((c) => c.row === cell.row && c.col === cell.col + cell.colSpan);
      value = next ? cellText(next) : '';
      if (next) {
        result.endRow = Math.max(result.endRow, next.row + next.rowSpan);
        result.cells.add(next);
      }
    } else {
      const inline = inlineTitle(text);
      if (!inline) continue;
      ({ label: key, value } = inline);
    }
    result.cells.add(cell);
    if (key === 'department') result.department = value;
    else result.mission = value;
    result.endRow = Math.max(result.endRow, cell.row + cell.rowSpan);
  }
  return result;
}

/**
 * The header rows of a grid: the first row covered by cells naming at least `minColumns`
 * columns. Covering, not starting: a 順位 cell spanning two header rows names its column in
 * both. With fewer than three named columns (a partly repeated header on a continuation page)
 * the rows must start the table and hold nothing but header texts.
 */
export function findHeader(grid: TextGrid, minColumns = MIN_HEADER_COLUMNS, fromRow = 0): Header | null {
  const named = grid.cells.filter((c) => c.row >= fromRow).map((cell) => ({ cell, key: cellHeader(cell).key }));
  const rows = [...new Set(named.map((n) => n.cell.row))].sort((a, b) => a - b);
  const firstWithText = named.reduce((m, n) => (n.cell.lines.length ? Math.min(m, n.cell.row) : m), Infinity);
  for (const row of rows) {
    const covering = named.filter(({ cell }) => cell.row <= row && row < cell.row + cell.rowSpan);
    const mapped = covering.filter((n) => n.key !== null);
    if (new Set(mapped.map((n) => n.key)).size < minColumns) continue;
    if (minColumns < MIN_HEADER_COLUMNS && (row !== firstWithText || !covering.every(({ cell, key }) => key !== null || !cell.lines.length || isGroupHeader(cellText(cell))))) {
      return null;
    }
    const startRow = Math.min(row, ...mapped.map((n) => n.cell.row));
    // A multi-level header ends where its tallest cells end.
    const endRow = covering.reduce((m, n) => Math.max(m, n.cell.row + n.cell.rowSpan), -Infinity);
    return { ...headerColumns(grid.cells.filter((c) => c.row >= startRow && c.row < endRow), endRow), startRow, endRow };
  }
  return null;
}

const headerCache = new WeakMap<TextCell, HeaderReading>();

/** A cell read as a header cell (see header.ts readHeader), once per cell. */
function cellHeader(cell: TextCell): HeaderReading {
  let reading = headerCache.get(cell);
  if (!reading) headerCache.set(cell, (reading = readHeader(cellText(cell), cell.lines)));
  return reading;
}

export interface Header {
  columns: ColumnSpan[];
  startRow: number;
  endRow: number;
  duplicates: ColumnKey[];
}

/**
 * The columns of a header: one per cell that reaches the header's last row (a leaf), named by
 * the text of the cells above it that cover it alone, in the phase of the group header that
 * spans it with others (年度目標設定 / 中間確認 / 年度末確認), mapped as one assignment.
 */
function headerColumns(cells: TextCell[], endRow: number): { columns: ColumnSpan[]; duplicates: ColumnKey[] } {
  const leaves = cells.filter((c) => c.row + c.rowSpan === endRow).sort((a, b) => a.x0 - b.x0);
  const covers = (c: TextCell, leaf: TextCell) => Math.min(c.x1, leaf.x1) - Math.max(c.x0, leaf.x0) > 0.5 * (leaf.x1 - leaf.x0);
  const spans = cells.map((c) => leaves.filter((leaf) => covers(c, leaf)).length);
  const printed = leaves.map((leaf) => {
    const above = cells.filter((c, i) => covers(c, leaf) && (c === leaf || spans[i] === 1)).sort((a, b) => a.row - b.row);
    const group = cells.find((c, i) => c !== leaf && spans[i] > 1 && covers(c, leaf));
    return { text: above.map((c) => cellHeader(c).text).join(''), x0: leaf.x0, x1: leaf.x1, phase: group ? phaseOf(cellText(group)) : null };
  });
  const { keys, duplicates } = assignColumns(printed);
  const columns: ColumnSpan[] = [];
  printed.forEach((h, i) => {
    const name = h.text.replace(/\s+/g, '');
    if (keys[i] || name) columns.push({ key: keys[i], name, x0: h.x0, x1: h.x1 });
  });
  return { columns, duplicates };
}

/** The column whose header overlaps the cell most, horizontally. */
function columnOf(cell: TextCell, columns: ColumnSpan[]): ColumnSpan | null {
  let best: ColumnSpan | null = null;
  let bestOverlap = 0;
  for (const c of columns) {
    const overlap = Math.min(c.x1, cell.x1) - Math.max(c.x0, cell.x0);
    if (overlap > bestOverlap) {
      bestOverlap = overlap;
      best = c;
    }
  }
  // Less than half of the cell under one header: the grid does not line up with the header.
  return bestOverlap >= 0.5 * (cell.x1 - cell.x0) ? best : null;
}

/** Appends lines to a list in a map of lists. */
function appendTo<K>(map: Map<K, TextLine[]>, key: K, lines: TextLine[]): void {
  const list = map.get(key);
  if (list) for (const line of lines) list.push(line);
  else map.set(key, [...lines]);
}

function addRows(section: SectionDraft, grid: TextGrid, firstRow: number, columns: ColumnSpan[], page: number, warnings: WarningDraft[], continuesCut = false): void {
  const cells = grid.cells.filter((c) => c.row >= firstRow);
  if (!cells.length) return;
  const keyed = cells.map((cell) => ({ cell, column: columnOf(cell, columns) }));
  const hasRank = columns.some((c) => c.key === 'rank');
  // Row groups: a plan's rows run from its 順位 cell down over that cell's row span.
  const starts = hasRank
    ? keyed.filter((k) => k.column?.key === 'rank').map((k) => ({ row: k.cell.row, end: k.cell.row + k.cell.rowSpan }))
    : [...new Set(cells.map((c) => c.row))].map((row) => ({ row, end: row + 1 }));
  starts.sort((a, b) => a.row - b.row);
  const firstStart = starts.length ? starts[0].row : Infinity;
  const groups: { rows: [number, number]; items: { cell: TextCell; column: ColumnSpan }[] }[] = [];
  if (firstRow < firstStart && Number.isFinite(firstStart)) groups.push({ rows: [firstRow, firstStart], items: [] });
  for (const s of starts) groups.push({ rows: [s.row, s.end], items: [] });
  for (const { cell, column } of keyed) {
    const g = groups.find((gr) => cell.row >= gr.rows[0] && cell.row < gr.rows[1]) ?? groups[groups.length - 1];
    if (!g) continue;
    if (column === null) {
      if (cell.lines.length) {
        warnings.push({ code: 'UNMAPPED_CELL', message: `text outside every header column: ${oneLine(cellText(cell).slice(0, 30))}`, page, department: section.department });
      }
      continue;
    }
    g.items.push({ cell, column });
  }
  for (const [gi, g] of groups.entries()) {
    const fields = new Map<ColumnKey, TextLine[]>();
    const extras = new Map<string, TextLine[]>();
    for (const { cell, column } of g.items.sort((a, b) => a.cell.row - b.cell.row || a.cell.col - b.cell.col)) {
      if (!cell.lines.length) continue;
      if (column.key) appendTo(fields, column.key, cell.lines);
      else appendTo(extras, column.name, cell.lines);
    }
    if (!fields.size && !extras.size) continue;
    addPage(section.pages, page);
    const last = section.plans[section.plans.length - 1];
    if (!fields.has('rank') && (hasRank || (continuesCut && gi === 0)) && last) {
      // 順位 is empty: the row continues the previous plan (split across a page break).
      for (const [key, lines] of fields) appendTo(last.fields, key, lines);
      for (const [name, lines] of extras) appendTo(last.extras, name, lines);
      addPage(last.pages, page);
      continue;
    }
    if (!fields.has('rank') && hasRank) {
      warnings.push({ code: 'CONTINUATION_WITHOUT_START', message: 'a row continued from a page that was not read is kept as a plan without 順位', page, department: section.department });
    }
    section.plans.push({ fields, extras, pages: [page], page });
  }
}
