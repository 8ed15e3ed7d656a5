import type { Glyph, PagePrimitives, Segment } from '../../src/geometry.js';
import { gridRules, textLine } from './primitives.js';

export interface PlanPageSpec {
  page: number;
  title?: { department: string; mission: string };
  /** Column header texts, left to right (single-level header). */
  header: string[];
  /** Data rows: one string per column; "\n" puts text on separate printed lines. */
  rows: string[][];
  colWidth?: number;
  size?: number;
}

/** A synthetic page of a 実行計画 table: optional title table, then header and rows in one ruled grid. */
export function planPage(spec: PlanPageSpec): PagePrimitives {
  const size = spec.size ?? 6;
  const colWidth = spec.colWidth ?? 60;
  const glyphs: Glyph[] = [];
  const segments: Segment[] = [];
  let y = 20;
  const put = (text: string, x: number, top: number) => {
    text.split('\n').forEach((line, i) => glyphs.push(...textLine(line, x + 2, top + 2 + size * (1.2 * i + 0.9), size)));
  };
  if (spec.title) {
    const xs = [20, 80, 20 + colWidth * spec.header.length];
    segments.push(...gridRules(xs, [y, y + 12, y + 24]));
    put('部課名', 20, y);
    put(spec.title.department, 80, y);
    put('課の使命', 20, y + 12);
    put(spec.title.mission, 80, y + 12);
    y += 40;
  }
  const xs = spec.header.map((_, i) => 20 + i * colWidth).concat(20 + spec.header.length * colWidth);
  const heights = [14, ...spec.rows.map((r) => 8 + 1.2 * size * Math.max(...r.map((t) => t.split('\n').length)))];
  const ys = heights.reduce((acc, hgt) => [...acc, acc[acc.length - 1] + hgt], [y]);
  segments.push(...gridRules(xs, ys));
  spec.header.forEach((t, i) => put(t, xs[i], ys[0]));
  spec.rows.forEach((row, r) => row.forEach((t, i) => put(t, xs[i], ys[r + 1])));
  return { page: spec.page, width: 842, height: 595, glyphs, segments, rects: [] };
}
