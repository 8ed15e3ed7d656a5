import type { Rule } from './rules.js';

/**
 * Vertical rules whose ends lie this close (points) end together: one table's columns are
 * clipped at the same page margin, give or take a line cap.
 */
const SAME_END_TOLERANCE = 1.5;

/**
 * A table is open at an end when its vertical rules run on more than this (points) past the
 * last horizontal rule that joins them. Line caps and overshoots of a closing rule stay under
 * a point; the shortest text row a cut could leave is taller than 3 pt.
 */
const MIN_OPEN_OVERHANG = 3;

/** A cluster of vertical rules with no horizontal rule at all is a table only with this many columns' rules. */
const MIN_BARE_VERTICALS = 3;

export interface ClosedRules {
  /** The horizontal rules with a closing rule added at each open end. */
  horizontals: Rule[];
  /** Positions (y) of the closing rules added at the top of a table (the page head of a cut row). */
  openTops: number[];
  /** Positions (y) of the closing rules added at the bottom of a table (the page foot of a cut row). */
  openBottoms: number[];
}

/**
 * Closes tables cut by a page break. A browser that prints a long table continues a row that
 * does not fit on the next page: the page foot has no rule under the partial row and the next
 * page none above its continuation; the vertical rules simply stop at the page margin. Where
 * at least two vertical rules end together past every horizontal rule that joins them, a
 * rule is added there, so that the partial row becomes a row of cells.
 */
export function closeOpenEnds(horizontals: Rule[], verticals: Rule[]): ClosedRules {
  // A loop, not Math.max(...ids): a hostile page has more rules than a call takes arguments.
  let nextId = 0;
  for (const r of horizontals) nextId = Math.max(nextId, r.id + 1);
  for (const r of verticals) nextId = Math.max(nextId, r.id + 1);
  const added: Rule[] = [];
  const openTops: number[] = [];
  const openBottoms: number[] = [];
  for (const end of ['start', 'end'] as const) {
    for (const cluster of clusterByEnd(verticals, end)) {
      const y = cluster.reduce((t, v) => t + v[end], 0) / cluster.length;
      const x0 = cluster.reduce((m, v) => Math.min(m, v.pos), Infinity);
      const x1 = cluster.reduce((m, v) => Math.max(m, v.pos), -Infinity);
      const joining = horizontals.filter((h) => cluster.filter((v) => crosses(h, v)).length >= 2);
      if (!joining.length && cluster.length < MIN_BARE_VERTICALS) continue;
      // The table's own rule nearest to this end: an open end runs on well past it.
      const closed = joining.some((h) => (end === 'end' ? h.pos >= y - MIN_OPEN_OVERHANG : h.pos <= y + MIN_OPEN_OVERHANG));
      if (closed) continue;
      const thickness = cluster.reduce((m, v) => Math.min(m, v.thickness), Infinity);
      added.push({ id: nextId++, orientation: 'h', pos: y, start: x0, end: x1, thickness });
      (end === 'start' ? openTops : openBottoms).push(y);
    }
  }
  return { horizontals: added.length ? [...horizontals, ...added] : horizontals, openTops, openBottoms };
}

/** Vertical rules grouped by where they start (or end), each group of at least two. */
function clusterByEnd(verticals: Rule[], end: 'start' | 'end'): Rule[][] {
  const sorted = [...verticals].sort((a, b) => a[end] - b[end]);
  const clusters: Rule[][] = [];
  for (const v of sorted) {
    const last = clusters[clusters.length - 1];
    if (last && v[end] - last[last.length - 1][end] <= SAME_END_TOLERANCE) last.push(v);
    else clusters.push([v]);
  }
  return clusters.filter((c) => c.length >= 2);
}

/** Whether a horizontal rule meets a vertical one (within a line cap either way). */
function crosses(h: Rule, v: Rule): boolean {
  const tol = SAME_END_TOLERANCE + (h.thickness + v.thickness) / 2;
  return v.pos >= h.start - tol && v.pos <= h.end + tol && h.pos >= v.start - tol && h.pos <= v.end + tol;
}
