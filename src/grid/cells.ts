import type { Rule } from './rules.js';

/** A cell rectangle bounded by rules on all four sides. */
export interface CellBox {
  x0: number;
  top: number;
  x1: number;
  bottom: number;
}

export interface GridCell extends CellBox {
  row: number;
  col: number;
  rowSpan: number;
  colSpan: number;
}

/** A set of cells connected through shared corners: one ruled table on one page. */
export interface CellGrid {
  x0: number;
  top: number;
  x1: number;
  bottom: number;
  /** Column and row boundaries: cell edges snapped together. */
  xs: number[];
  ys: number[];
  cells: GridCell[];
}

/**
 * A rule reaches a crossing rule when it ends within this distance (points) of it, plus
 * half the crossing rule's thickness: a stroked line with butt caps ends on the centre
 * line of the rule it meets, a filled rectangle may stop at its near edge.
 */
const INTERSECT_TOLERANCE = 1.5;

/** Cell edges closer than this (points) are one column or row boundary of the grid. */
const BOUNDARY_TOLERANCE = 1.5;

/** Cells smaller than this (points) in either direction are artefacts of doubled rules. */
const MIN_CELL_SIZE = 2;

interface Point {
  x: number;
  y: number;
  v: number;
  h: number;
}

/** Finds cells the way pdfplumber does: rule intersections, then the smallest rectangle per corner. */
export function findCells(horizontals: Rule[], verticals: Rule[]): CellBox[] {
  const points: Point[] = [];
  for (const v of verticals) {
    for (const h of horizontals) {
      const tolX = INTERSECT_TOLERANCE + v.thickness / 2;
      const tolY = INTERSECT_TOLERANCE + h.thickness / 2;
      if (v.pos >= h.start - tolX && v.pos <= h.end + tolX && h.pos >= v.start - tolY && h.pos <= v.end + tolY) {
        points.push({ x: v.pos, y: h.pos, v: v.id, h: h.id });
      }
    }
  }
  const byV = new Map<number, Point[]>();
  const byH = new Map<number, Point[]>();
  const key = (v: number, h: number) => `${v}:${h}`;
  const byKey = new Map<string, Point>();
  for (const p of points) {
    (byV.get(p.v) ?? byV.set(p.v, []).get(p.v)!).push(p);
    (byH.get(p.h) ?? byH.set(p.h, []).get(p.h)!).push(p);
    byKey.set(key(p.v, p.h), p);
  }
  for (const list of byV.values()) list.sort((a, b) => a.y - b.y);
  for (const list of byH.values()) list.sort((a, b) => a.x - b.x);

  const cells: CellBox[] = [];
  for (const p of points) {
    const below = byV.get(p.v)!.filter((q) => q.y > p.y + MIN_CELL_SIZE);
    const right = byH.get(p.h)!.filter((q) => q.x > p.x + MIN_CELL_SIZE);
    search: for (const b of below) {
      for (const r of right) {
        if (byKey.has(key(r.v, b.h))) {
          cells.push({ x0: p.x, top: p.y, x1: r.x, bottom: b.y });
          break search;
        }
      }
    }
  }
  return cells;
}

/** Groups cells that share corners into tables and gives each cell its row/column span. */
export function groupIntoGrids(cells: CellBox[]): CellGrid[] {
  const parent = cells.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  const corners = new Map<string, number>();
  const snap = (n: number) => Math.round(n * 2) / 2; // cells of one table share exact rule positions
  cells.forEach((c, i) => {
    for (const [x, y] of [[c.x0, c.top], [c.x1, c.top], [c.x0, c.bottom], [c.x1, c.bottom]]) {
      const k = `${snap(x)}:${snap(y)}`;
      const j = corners.get(k);
      if (j === undefined) corners.set(k, i);
      else parent[find(i)] = find(j);
    }
  });
  const groups = new Map<number, CellBox[]>();
  cells.forEach((c, i) => {
    const r = find(i);
    (groups.get(r) ?? groups.set(r, []).get(r)!).push(c);
  });
  const grids: CellGrid[] = [];
  for (const group of groups.values()) {
    const xs = boundaries(group.flatMap((c) => [c.x0, c.x1]));
    const ys = boundaries(group.flatMap((c) => [c.top, c.bottom]));
    const index = nearestBoundary;
    const gridCells: GridCell[] = group.map((c) => {
      const col = index(xs, c.x0);
      const row = index(ys, c.top);
      return { ...c, row, col, colSpan: Math.max(1, index(xs, c.x1) - col), rowSpan: Math.max(1, index(ys, c.bottom) - row) };
    });
    // A double rule (two lines closer than a boundary's tolerance) yields the same cell twice,
    // once from each line: keep the inner one.
    const byPosition = new Map<string, GridCell>();
    for (const c of gridCells) {
      const key = `${c.row}:${c.col}:${c.rowSpan}:${c.colSpan}`;
      const other = byPosition.get(key);
      if (!other || area(c) < area(other)) byPosition.set(key, c);
    }
    const unique = [...byPosition.values()].sort((a, b) => a.row - b.row || a.col - b.col);
    grids.push({
      x0: xs[0],
      x1: xs[xs.length - 1],
      top: ys[0],
      bottom: ys[ys.length - 1],
      xs,
      ys,
      cells: unique,
    });
  }
  grids.sort((a, b) => a.top - b.top || a.x0 - b.x0);
  return grids;
}

function area(c: CellBox): number {
  return (c.x1 - c.x0) * (c.bottom - c.top);
}

/** Index of the last boundary at or before v in a sorted list, or 0 (binary search). */
export function boundaryAtOrBefore(bounds: number[], v: number): number {
  let lo = 0;
  let hi = bounds.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (bounds[mid] <= v) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Index of the boundary nearest to v in a sorted list (the lower one of two as near). */
function nearestBoundary(list: number[], v: number): number {
  const lo = boundaryAtOrBefore(list, v);
  return lo + 1 < list.length && Math.abs(list[lo + 1] - v) < Math.abs(list[lo] - v) ? lo + 1 : lo;
}

function boundaries(values: number[]): number[] {
  const sorted = [...values].sort((a, b) => a - b);
  const out: number[] = [];
  for (const v of sorted) {
    if (out.length && v - out[out.length - 1] <= BOUNDARY_TOLERANCE) continue;
    out.push(v);
  }
  return out;
}
