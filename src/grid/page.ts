import type { FilledRect, Glyph, PagePrimitives, Segment } from '../geometry.js';
import { glyphsToLines, type TextLine } from '../text/lines.js';
import { boundaryAtOrBefore, findCells, groupIntoGrids, type CellGrid, type GridCell } from './cells.js';
import { closeOpenEnds } from './open-ends.js';
import { mergeSegments, type Rule } from './rules.js';
import { findStrikes } from './strike.js';

export interface TextCell extends GridCell {
  lines: TextLine[];
}

export interface TextGrid extends Omit<CellGrid, 'cells'> {
  cells: TextCell[];
  /** The table has no rule at its top (a row continued from the page before) or bottom (a row cut by the page break). */
  openTop: boolean;
  openBottom: boolean;
}

/** Everything the later stages (and --debug) need to know about one page. */
export interface PageGrid {
  page: number;
  width: number;
  height: number;
  grids: TextGrid[];
  rules: Rule[];
  strikes: Rule[];
  glyphs: Glyph[];
  /** Text outside every table, as lines, top to bottom. */
  freeLines: TextLine[];
  /** Characters of the text layer that were not text and were repaired. */
  repaired: number;
}

/** What the assembling stages (and the worker messages) need of a page: its tables with their text and the text outside them. */
export type PageCells = Omit<PageGrid, 'glyphs' | 'rules' | 'strikes'>;

/** The page's cells, its glyphs, rules and strikes left out (they stay in the worker that read the page). */
export function pageCells(grid: PageGrid): PageCells {
  const { glyphs: _glyphs, rules: _rules, strikes: _strikes, ...cells } = grid;
  return cells;
}

export function buildPageGrid(prims: PagePrimitives): PageGrid {
  const segments = onPage(prims.segments, prims.width, prims.height);
  const horizontals = mergeSegments(segments, 'h');
  const verticals = mergeSegments(segments, 'v', horizontals.length);
  const found = findStrikes(horizontals, verticals, prims.glyphs);
  const { strikes, struck } = found;
  const { horizontals: hRules, openTops, openBottoms } = closeOpenEnds(found.rules, verticals);
  // The page's glyphs are marked in place: copying thousands of glyphs per page costs more than the rest of this stage.
  const glyphs: Glyph[] = prims.glyphs;
  glyphs.forEach((g, i) => {
    g.struck = struck.has(i);
  });
  let boxes = findCells(hRules, verticals);
  if (boxes.length === 0 && prims.rects.length) {
    const edges = fillEdges(prims.rects);
    const fh = mergeSegments(edges, 'h');
    boxes = findCells(fh, mergeSegments(edges, 'v', fh.length));
  }
  const cellGrids = groupIntoGrids(boxes);
  const cellOf = assignGlyphs(glyphs, cellGrids);
  const inCell: Glyph[][][] = cellGrids.map((g) => g.cells.map(() => []));
  const free: Glyph[] = [];
  glyphs.forEach((g, i) => {
    const at = cellOf[i];
    if (at < 0) free.push(g);
    else inCell[at >> 16][at & 0xffff].push(g);
  });
  // A closing rule added at a page cut is the table's own edge, up to the snapping of boundaries.
  const isAt = (list: number[], y: number) => list.some((p) => Math.abs(p - y) <= 1.5);
  const grids: TextGrid[] = cellGrids.map((grid, gi) => ({
    ...grid,
    openTop: isAt(openTops, grid.top),
    openBottom: isAt(openBottoms, grid.bottom),
    cells: grid.cells.map((cell, ci) => ({ ...cell, lines: glyphsToLines(inCell[gi][ci], cell) })),
  }));
  return {
    page: prims.page,
    width: prims.width,
    height: prims.height,
    grids,
    rules: [...hRules, ...verticals],
    strikes,
    glyphs,
    freeLines: glyphsToLines(free, { x0: 0, top: 0, x1: prims.width, bottom: prims.height }),
    repaired: prims.repaired ?? 0,
  };
}

/**
 * The parts of lines that lie on the page. A browser printing a row cut by a page break draws the
 * whole row's vertical rules on each page, far beyond the page edge, and clips them: only what is
 * on the page is seen.
 */
function onPage(segments: Segment[], width: number, height: number): Segment[] {
  if (segments.every((s) => s.start >= 0 && s.end <= (s.orientation === 'h' ? width : height))) return segments;
  const out: Segment[] = [];
  for (const s of segments) {
    const [across, along] = s.orientation === 'h' ? [height, width] : [width, height];
    if (s.pos < 0 || s.pos > across || s.end < 0 || s.start > along) continue;
    out.push({ ...s, start: Math.max(0, s.start), end: Math.min(along, s.end) });
  }
  return out;
}

/**
 * The cell that contains each glyph's centre (the vertical centre of the em box, where the ink
 * of CJK glyphs is centred), coded as grid index << 16 | cell index, or -1 outside every cell.
 */
function assignGlyphs(glyphs: Glyph[], grids: CellGrid[]): Int32Array {
  const out = new Int32Array(glyphs.length).fill(-1);
  const lookups = grids.map((grid) => {
    // Every row/column position a cell covers points to that cell (spanning cells cover several).
    const cols = grid.xs.length;
    const at = new Int32Array(grid.ys.length * cols).fill(-1);
    grid.cells.forEach((c, ci) => {
      for (let r = c.row; r < c.row + c.rowSpan; r++) for (let k = c.col; k < c.col + c.colSpan; k++) at[r * cols + k] = ci;
    });
    return { grid, at, cols };
  });
  for (let i = 0; i < glyphs.length; i++) {
    const g = glyphs[i];
    const cx = (g.x0 + g.x1) / 2;
    const cy = (g.top + g.bottom) / 2;
    for (let gi = 0; gi < lookups.length; gi++) {
      const { grid, at, cols } = lookups[gi];
      if (cx < grid.x0 || cx > grid.x1 || cy < grid.top || cy > grid.bottom) continue;
      const ci = at[boundaryAtOrBefore(grid.ys, cy) * cols + boundaryAtOrBefore(grid.xs, cx)];
      if (ci < 0) continue;
      const c = grid.cells[ci];
      if (cx < c.x0 || cx > c.x1 || cy < c.top || cy > c.bottom) continue;
      out[i] = (gi << 16) | ci;
      break;
    }
  }
  return out;
}

/**
 * Some producers draw no rules at all, only cell backgrounds, often with a thin white gap
 * between them: the edges of the fills then stand for the rules. Only used when a page has no
 * ruled cell.
 */
function fillEdges(rects: FilledRect[]): Segment[] {
  return rects.flatMap((r) => [
    { orientation: 'h' as const, pos: r.top, start: r.x0, end: r.x1, thickness: 0.1 },
    { orientation: 'h' as const, pos: r.bottom, start: r.x0, end: r.x1, thickness: 0.1 },
    { orientation: 'v' as const, pos: r.x0, start: r.top, end: r.bottom, thickness: 0.1 },
    { orientation: 'v' as const, pos: r.x1, start: r.top, end: r.bottom, thickness: 0.1 },
  ]);
}

