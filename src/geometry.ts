/**
 * Page primitives and geometry shared by the pipeline stages.
 * All coordinates are in points, origin at the top left of the page, y growing downwards.
 */

/** One character of the text layer with its box. */
export interface Glyph {
  text: string;
  x0: number;
  x1: number;
  /** Top and bottom of the font's em box (ascent / descent), not of the ink. */
  top: number;
  bottom: number;
  baseline: number;
  /** Font size in points. */
  size: number;
  /** Crossed by a strike-through line; set by the grid stage. */
  struck: boolean;
}

/** An axis-aligned stroked line or a thin filled rectangle, reduced to its centre line. */
export interface Segment {
  orientation: 'h' | 'v';
  /** y of a horizontal segment, x of a vertical one. */
  pos: number;
  start: number;
  end: number;
  thickness: number;
}

/** A filled rectangle too large to be a line (a background fill). */
export interface FilledRect {
  x0: number;
  top: number;
  x1: number;
  bottom: number;
}

export interface PagePrimitives {
  /** 1-based page number. */
  page: number;
  width: number;
  height: number;
  glyphs: Glyph[];
  segments: Segment[];
  rects: FilledRect[];
}

export type Matrix = [number, number, number, number, number, number];

export const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];

/** The matrix that applies m2 first, then m1 (as pdf.js Util.transform(m1, m2)): a cm inside the current transform. */
export function multiply(m1: Matrix, m2: Matrix): Matrix {
  return [
    m1[0] * m2[0] + m1[2] * m2[1],
    m1[1] * m2[0] + m1[3] * m2[1],
    m1[0] * m2[2] + m1[2] * m2[3],
    m1[1] * m2[2] + m1[3] * m2[3],
    m1[0] * m2[4] + m1[2] * m2[5] + m1[4],
    m1[1] * m2[4] + m1[3] * m2[5] + m1[5],
  ];
}

export function apply(m: Matrix, x: number, y: number): [number, number] {
  return [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]];
}

/** How much the matrix scales lengths (geometric mean of its axis scales). */
export function scaleOf(m: Matrix): number {
  return Math.sqrt(Math.abs(m[0] * m[3] - m[1] * m[2]));
}
