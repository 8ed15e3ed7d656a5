import type { Glyph, PagePrimitives, Segment } from '../../src/geometry.js';

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

/** East Asian wide or full-width, or ambiguous-width symbols that Japanese fonts draw full width. */
export function isWide(ch: string): boolean {
  const cp = ch.codePointAt(0)!;
  return (
    (cp >= 0x1100 && cp <= 0x115f) ||
    cp === 0x203b || // ※
    (cp >= 0x2190 && cp <= 0x21ff) ||
    (cp >= 0x2460 && cp <= 0x24ff) || // ①…
    (cp >= 0x25a0 && cp <= 0x27bf) || // ○●■◎…
    (cp >= 0x2e80 && cp <= 0x303e) ||
    (cp >= 0x3041 && cp <= 0x33ff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0xa000 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    cp >= 0x20000
  );
}
