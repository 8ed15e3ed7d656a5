import type { Glyph, PagePrimitives, Segment } from '../../src/geometry.js';
import { isWide } from '../../src/text/normalize.js';

/** Glyphs of one line of text: wide characters 1 em, narrow ones half an em. Baseline in top-down page space. */
export function textLine(text: string, x: number, baseline: number, size = 6): Glyph[] {
  const out: Glyph[] = [];
  for (const ch of text) {
    const w = isWide(ch) ? size : size / 2;
    out.push({ text: ch, x0: x, x1: x + w, top: baseline - 0.88 * size, bottom: baseline + 0.12 * size, baseline, size, struck: false });
    x += w;
  }
  return out;
}

export const h = (y: number, x0: number, x1: number, thickness = 0.5): Segment => ({ orientation: 'h', pos: y, start: x0, end: x1, thickness });
export const v = (x: number, y0: number, y1: number, thickness = 0.5): Segment => ({ orientation: 'v', pos: x, start: y0, end: y1, thickness });

/** Rules of a full grid with the given column and row boundaries. */
export function gridRules(xs: number[], ys: number[]): Segment[] {
  return [
    ...ys.map((y) => h(y, xs[0], xs[xs.length - 1])),
    ...xs.map((x) => v(x, ys[0], ys[ys.length - 1])),
  ];
}

export function page(n: number, glyphs: Glyph[], segments: Segment[]): PagePrimitives {
  return { page: n, width: 842, height: 595, glyphs, segments, rects: [] };
}
