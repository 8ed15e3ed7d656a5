import type { Segment } from '../geometry.js';

/** A horizontal or vertical ruling line after collinear pieces were merged. */
export interface Rule extends Segment {
  id: number;
}

/**
 * Two pieces belong to the same rule when their centre lines are this close (points), or
 * closer than half their combined thickness: producers draw a shared border once per
 * adjacent cell, offset by rounding to device pixels (about 0.25 pt at 300 dpi), and a double
 * rule is one rule (LibreOffice Writer draws its 2.5 pt double border as two lines 1.7 pt
 * apart; kept apart, every cell of a double-ruled table came twice, nested). No row or column
 * of a table is this thin, and a strike runs through the middle of its text, further from a rule.
 */
const SNAP_TOLERANCE = 2.0;

/**
 * Collinear pieces are joined across a gap of up to this many points: producers draw
 * rules cell by cell, with gaps of a pixel or overlaps at the joins. A missing piece as
 * long as a cell (a spanning cell) is a real break and stays one.
 */
const JOIN_TOLERANCE = 2.0;

export function mergeSegments(segments: Segment[], orientation: 'h' | 'v', firstId = 0): Rule[] {
  const pieces = segments.filter((s) => s.orientation === orientation).sort((a, b) => a.pos - b.pos);
  // Cluster by position along the cross axis.
  const clusters: Segment[][] = [];
  for (const s of pieces) {
    const last = clusters[clusters.length - 1];
    if (last) {
      const ref = last[last.length - 1];
      const tol = Math.max(SNAP_TOLERANCE, (ref.thickness + s.thickness) / 2);
      if (s.pos - ref.pos <= tol) {
        last.push(s);
        continue;
      }
    }
    clusters.push([s]);
  }
  const rules: Rule[] = [];
  let id = firstId;
  for (const cluster of clusters) {
    cluster.sort((a, b) => a.start - b.start);
    let cur: Segment[] = [];
    let end = -Infinity;
    const flush = () => {
      if (!cur.length) return;
      const len = (s: Segment) => s.end - s.start;
      const totalLen = cur.reduce((t, s) => t + len(s), 0) || 1;
      rules.push({
        id: id++,
        orientation,
        // Length-weighted mean position: a short stray piece does not move a long rule.
        pos: cur.reduce((t, s) => t + s.pos * len(s), 0) / totalLen,
        // Loops, not Math.min(...list): a hostile page can draw more pieces than a call takes arguments.
        start: cur.reduce((m, s) => Math.min(m, s.start), Infinity),
        end: cur.reduce((m, s) => Math.max(m, s.end), -Infinity),
        thickness: cur.reduce((m, s) => Math.max(m, s.thickness), -Infinity),
      });
      cur = [];
    };
    for (const s of cluster) {
      if (cur.length && s.start > end + JOIN_TOLERANCE) flush();
      cur.push(s);
      end = cur.length === 1 ? s.end : Math.max(end, s.end);
    }
    flush();
  }
  return rules;
}
