import type { FilledRect, Glyph, PagePrimitives } from '../geometry.js';
import { glyphsToLines, type StyledGlyph, type TextLine } from '../text/lines.js';
import { findCells, groupIntoGrids, type CellGrid, type GridCell } from './cells.js';
import { mergeSegments, type Rule } from './rules.js';
import { findStrikes } from './strike.js';

export interface TextCell extends GridCell {
  lines: TextLine[];
}

export interface TextGrid extends Omit<CellGrid, 'cells'> {
  cells: TextCell[];
}

/** Everything the later stages (and --debug) need to know about one page. */
export interface PageGrid {
  page: number;
  width: number;
  height: number;
  grids: TextGrid[];
  rules: Rule[];
  strikes: Rule[];
  glyphs: StyledGlyph[];
  /** Text outside every table, as lines, top to bottom. */
  freeLines: TextLine[];
}

export function buildPageGrid(prims: PagePrimitives): PageGrid {
  const horizontals = mergeSegments(prims.segments, 'h');
  const verticals = mergeSegments(prims.segments, 'v', horizontals.length);
  const { rules: hRules, strikes, struck } = findStrikes(horizontals, verticals, prims.glyphs);
  const glyphs: StyledGlyph[] = prims.glyphs.map((g, i) => ({ ...g, struck: struck.has(i) }));
  let boxes = findCells(hRules, verticals);
  if (boxes.length === 0) boxes = cellsFromFills(prims.rects);
  const cellGrids = groupIntoGrids(boxes);
  const assigned = new Set<number>();
  const grids: TextGrid[] = cellGrids.map((grid) => ({
    ...grid,
    cells: grid.cells.map((cell) => {
      const inside: StyledGlyph[] = [];
      glyphs.forEach((g, i) => {
        if (assigned.has(i)) return;
        const cx = (g.x0 + g.x1) / 2;
        // The vertical centre of the em box; ink of CJK glyphs is centred there.
        const cy = (g.top + g.bottom) / 2;
        if (cx >= cell.x0 && cx <= cell.x1 && cy >= cell.top && cy <= cell.bottom) {
          inside.push(g);
          assigned.add(i);
        }
      });
      return { ...cell, lines: glyphsToLines(inside, cell.x0, cell.x1) };
    }),
  }));
  const free = glyphs.filter((_, i) => !assigned.has(i));
  return {
    page: prims.page,
    width: prims.width,
    height: prims.height,
    grids,
    rules: [...hRules, ...verticals],
    strikes,
    glyphs,
    freeLines: glyphsToLines(free, 0, prims.width),
  };
}

/**
 * Some producers draw no rules at all, only cell backgrounds: each filled rectangle is then
 * a cell. Only used when a page has no ruled cell.
 */
function cellsFromFills(rects: FilledRect[]) {
  return rects.map((r) => ({ x0: r.x0, top: r.top, x1: r.x1, bottom: r.bottom }));
}

export type { Glyph };
