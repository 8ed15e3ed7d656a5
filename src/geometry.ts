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
  /**
   * For text that does not run left to right across the page (a header cell turned 90°, a
   * table drawn sideways): the box in the glyph's own reading frame. x0…baseline above are then
   * the page-space bounding box, used to find the glyph's cell.
   */
  frame?: GlyphFrame;
}

/** A glyph's box in its reading frame: page space turned by -dir (see toFrame). */
export interface GlyphFrame {
  /** Direction of the text's advance in page space, degrees clockwise from left-to-right. */
  dir: number;
  x0: number;
  x1: number;
  top: number;
  bottom: number;
  baseline: number;
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
  /** Characters of the text layer that were not text and were repaired (see text/hygiene.ts). */
  repaired?: number;
}

export type Matrix = [number, number, number, number, number, number];

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

/** cos and sin of an angle in degrees, exact at multiples of 90° (no rounding noise in coordinates). */
function cosSin(deg: number): [number, number] {
  const d = ((deg % 360) + 360) % 360;
  if (d === 0) return [1, 0];
  if (d === 90) return [0, 1];
  if (d === 180) return [-1, 0];
  if (d === 270) return [0, -1];
  const r = (d * Math.PI) / 180;
  return [Math.cos(r), Math.sin(r)];
}

/**
 * Page space (y down) turned so that text advancing at `dir` degrees (clockwise) runs left to
 * right: the reading frame of that text. Every glyph of one direction shares this frame.
 */
export function toFrame(dir: number, x: number, y: number): [number, number] {
  const [c, s] = cosSin(dir);
  return [x * c + y * s, -x * s + y * c];
}

/** The inverse of toFrame. */
export function fromFrame(dir: number, x: number, y: number): [number, number] {
  const [c, s] = cosSin(dir);
  return [x * c - y * s, x * s + y * c];
}

/** The axis-aligned box around a box's four corners, each mapped through `map` (a turn, a frame change). */
export function mapBox(map: (x: number, y: number) => [number, number], x0: number, top: number, x1: number, bottom: number): { x0: number; top: number; x1: number; bottom: number } {
  const corners = [map(x0, top), map(x1, top), map(x0, bottom), map(x1, bottom)];
  const xs = corners.map((c) => c[0]);
  const ys = corners.map((c) => c[1]);
  return { x0: Math.min(...xs), top: Math.min(...ys), x1: Math.max(...xs), bottom: Math.max(...ys) };
}

/** The matrix that turns a page of the given size by `dir` (a multiple of 90°) and keeps it in the positive quadrant. */
export function pageTurn(dir: number, width: number, height: number): Matrix {
  const d = ((dir % 360) + 360) % 360;
  if (d === 90) return [0, -1, 1, 0, 0, width];
  if (d === 180) return [-1, 0, 0, -1, width, height];
  if (d === 270) return [0, 1, -1, 0, height, 0];
  return [1, 0, 0, 1, 0, 0];
}
