import { repairText } from '../text/repair.js';
import { apply, fromFrame, mapBox, multiply, scaleOf, toFrame, type FilledRect, type Glyph, type GlyphFrame, type Matrix, type Segment } from '../geometry.js';

/**
 * pdf.js operator numbers used here (pdfjs-dist 5.x `OPS`, checked against the library in tests).
 * A path arrives as constructPath with args [paintOp, [path], minMax]; path commands are DrawOPS codes.
 */
export const OP = {
  setLineWidth: 2,
  save: 10,
  restore: 11,
  transform: 12,
  stroke: 20,
  closeStroke: 21,
  fill: 22,
  eoFill: 23,
  fillStroke: 24,
  eoFillStroke: 25,
  closeFillStroke: 26,
  closeEOFillStroke: 27,
  endPath: 28,
  beginText: 31,
  setCharSpacing: 33,
  setWordSpacing: 34,
  setHScale: 35,
  setLeading: 36,
  setFont: 37,
  setTextRise: 39,
  moveText: 40,
  setLeadingMoveText: 41,
  setTextMatrix: 42,
  nextLine: 43,
  showText: 44,
  showSpacedText: 45,
  nextLineShowText: 46,
  nextLineSetSpacingShowText: 47,
  paintFormXObjectBegin: 74,
  paintFormXObjectEnd: 75,
  constructPath: 91,
} as const;

export const DRAW = { moveTo: 0, lineTo: 1, curveTo: 2, quadraticCurveTo: 3, closePath: 4 } as const;

const FILL_OPS = new Set<number>([OP.fill, OP.eoFill, OP.fillStroke, OP.eoFillStroke, OP.closeFillStroke, OP.closeEOFillStroke]);
const STROKE_OPS = new Set<number>([OP.stroke, OP.closeStroke, OP.fillStroke, OP.eoFillStroke, OP.closeFillStroke, OP.closeEOFillStroke]);

/**
 * A filled rectangle at most this thick (points) is a drawn line, not a background.
 * Producers draw rules as filled rectangles 0.5–1.5 pt thick; backgrounds are at least a text line tall.
 */
export const MAX_RULE_THICKNESS = 2.5;

/** Slope tolerance: a line whose ends differ by less than this (points) across its axis is axis-aligned. */
const AXIS_TOLERANCE = 0.5;

/** What the interpreter needs of a font (pdf.js FontFaceObject). */
export interface FontInfo {
  fontMatrix?: number[];
  ascent?: number;
  descent?: number;
  vertical?: boolean;
}

/** A glyph of a pdf.js showText operation. */
interface ShowGlyph {
  unicode: string;
  width: number;
  isSpace: boolean;
  /** Vertical writing: [vertical advance (negative), origin x, origin y] in glyph units. */
  vmetric?: number[] | null;
}

interface TextState {
  font: FontInfo;
  fontSize: number;
  fontDirection: number;
  charSpacing: number;
  wordSpacing: number;
  hScale: number;
  leading: number;
  rise: number;
  matrix: Matrix;
  lineX: number;
  lineY: number;
  x: number;
  y: number;
  /** The frame of the last text shown (see textFrame). */
  frame?: TextFrame;
}

interface GraphicsState {
  ctm: Matrix;
  lineWidth: number;
  text: TextState;
}

export interface PagePaint {
  segments: Segment[];
  rects: FilledRect[];
  glyphs: Glyph[];
  /** Characters of the text layer that were not text (control characters, lone surrogates) and were repaired. */
  repaired: number;
}

const DEFAULT_FONT_MATRIX = [0.001, 0, 0, 0.001, 0, 0];

/** What reading an operator list changes: the graphics state, its saved copies, and the page's paint. */
interface Reading {
  gs: GraphicsState;
  stack: GraphicsState[];
  out: PagePaint;
  fontOf: (name: string) => FontInfo;
}

type Handler = (r: Reading, args: any) => void;

const copyState = (s: GraphicsState): GraphicsState => ({ ...s, text: { ...s.text } });
const restoreState = (r: Reading) => {
  r.gs = r.stack.pop() ?? r.gs;
};
const resetLine = (t: TextState) => {
  t.x = t.lineX = t.y = t.lineY = 0;
};

function moveText(t: TextState, x: number, y: number): void {
  t.x = t.lineX += x;
  t.y = t.lineY += y;
}

/** The matrix argument of an operator: its first argument when that is an array, else the arguments. */
const matrixArg = (args: any): number[] => (Array.isArray(args?.[0]) || ArrayBuffer.isView(args?.[0]) ? args[0] : args) as number[];

/**
 * What each operator read does, by operator number (other operators are ignored). A table rather
 * than a switch: a page has thousands of operators, read once, mostly before V8 has compiled this
 * code, and a switch compares each operator with its cases one by one.
 */
const HANDLERS: (Handler | undefined)[] = [];
HANDLERS[OP.save] = (r) => void r.stack.push(copyState(r.gs));
HANDLERS[OP.restore] = restoreState;
HANDLERS[OP.transform] = (r, args) => void (r.gs.ctm = multiply(r.gs.ctm, args as Matrix));
HANDLERS[OP.setLineWidth] = (r, args) => void (r.gs.lineWidth = Number(args[0]));
HANDLERS[OP.paintFormXObjectBegin] = (r, args) => {
  r.stack.push(copyState(r.gs));
  if (Array.isArray(args?.[0]) || ArrayBuffer.isView(args?.[0])) r.gs.ctm = multiply(r.gs.ctm, Array.from(args[0] as number[]) as Matrix);
};
HANDLERS[OP.paintFormXObjectEnd] = restoreState;
HANDLERS[OP.constructPath] = (r, args) => {
  const path = args?.[1]?.[0] as ArrayLike<number> | undefined;
  if (path) addPath(r.out, path, args[0] as number, r.gs);
};
HANDLERS[OP.beginText] = (r) => {
  r.gs.text.matrix = [1, 0, 0, 1, 0, 0];
  resetLine(r.gs.text);
};
HANDLERS[OP.setTextMatrix] = (r, args) => {
  const m = matrixArg(args);
  r.gs.text.matrix = [m[0], m[1], m[2], m[3], m[4], m[5]];
  resetLine(r.gs.text);
};
HANDLERS[OP.setFont] = (r, args) => {
  const t = r.gs.text;
  const size = Number(args[1]);
  t.font = r.fontOf(String(args[0]));
  t.fontDirection = size < 0 ? -1 : 1;
  t.fontSize = Math.abs(size);
};
HANDLERS[OP.setCharSpacing] = (r, args) => void (r.gs.text.charSpacing = Number(args[0]));
HANDLERS[OP.setWordSpacing] = (r, args) => void (r.gs.text.wordSpacing = Number(args[0]));
HANDLERS[OP.setHScale] = (r, args) => void (r.gs.text.hScale = Number(args[0]) / 100);
HANDLERS[OP.setLeading] = (r, args) => void (r.gs.text.leading = -Number(args[0]));
HANDLERS[OP.setTextRise] = (r, args) => void (r.gs.text.rise = Number(args[0]));
HANDLERS[OP.moveText] = (r, args) => moveText(r.gs.text, Number(args[0]), Number(args[1]));
HANDLERS[OP.setLeadingMoveText] = (r, args) => {
  r.gs.text.leading = Number(args[1]);
  moveText(r.gs.text, Number(args[0]), Number(args[1]));
};
HANDLERS[OP.nextLine] = (r) => moveText(r.gs.text, 0, r.gs.text.leading);
HANDLERS[OP.nextLineShowText] = (r, args) => {
  moveText(r.gs.text, 0, r.gs.text.leading);
  showText(r.out, r.gs, args[0]);
};
HANDLERS[OP.nextLineSetSpacingShowText] = (r, args) => {
  const t = r.gs.text;
  t.wordSpacing = Number(args[0]);
  t.charSpacing = Number(args[1]);
  moveText(t, 0, t.leading);
  showText(r.out, r.gs, args[2]);
};
HANDLERS[OP.showText] = (r, args) => showText(r.out, r.gs, args[0]);
HANDLERS[OP.showSpacedText] = HANDLERS[OP.showText];

/**
 * Reads a page's pdf.js operator list once: stroked lines and filled rectangles, and every
 * character drawn with its box, placed by the PDF text state the way pdf.js's canvas renderer
 * places it. This replaces pdf.js's getTextContent, which would read the page's content a
 * second time. `base` maps PDF user space to page space (the viewport transform at scale 1).
 */
export function readOperatorList(fnArray: ArrayLike<number>, argsArray: ArrayLike<unknown>, base: Matrix, fontOf: (name: string) => FontInfo): PagePaint {
  const text: TextState = {
    font: {}, fontSize: 0, fontDirection: 1, charSpacing: 0, wordSpacing: 0, hScale: 1, leading: 0, rise: 0,
    matrix: [1, 0, 0, 1, 0, 0], lineX: 0, lineY: 0, x: 0, y: 0,
  };
  const r: Reading = { gs: { ctm: base, lineWidth: 1, text }, stack: [], out: { segments: [], rects: [], glyphs: [], repaired: 0 }, fontOf };
  for (let i = 0; i < fnArray.length; i++) HANDLERS[fnArray[i]]?.(r, argsArray[i]);
  return r.out;
}

/**
 * Text whose advance is this close (degrees) to a multiple of 90° runs in that direction: producers
 * write matrices with rounding noise (a skew of 1e-4 of the font size is 0.006°).
 */
const DIRECTION_SNAP = 0.5;

/** Direction of a text advance vector in page space, degrees clockwise from left to right, snapped to right angles. */
export function textDirection(ax: number, ay: number): number {
  const angle = ((Math.atan2(ay, ax) * 180) / Math.PI + 360) % 360;
  const right = Math.round(angle / 90) * 90;
  return Math.abs(angle - right) <= DIRECTION_SNAP ? right % 360 : angle;
}

/**
 * Where a line of text runs on the page: text space to page space, the direction of its advance
 * and its font size there. Kept while neither matrix nor the font size changes: producers show
 * text a character or two at a time (28,000 showText operations on 23 pages), within one matrix.
 */
interface TextFrame {
  ctm: Matrix;
  matrix: Matrix;
  fontSize: number;
  hs: number;
  /** Text space to page space. */
  m: Matrix;
  dir: number;
  size: number;
}

function textFrame(gs: GraphicsState, hs: number): TextFrame | null {
  const t = gs.text;
  const cached = t.frame;
  if (cached && cached.ctm === gs.ctm && cached.matrix === t.matrix && cached.fontSize === t.fontSize && cached.hs === hs) return cached;
  const m = multiply(gs.ctm, t.matrix);
  const advance = Math.hypot(m[0], m[1]);
  if (advance === 0) return null;
  const sign = hs < 0 ? -1 : 1;
  // The font size in page space is the text's height across its advance (a shear does not add to it).
  const size = (t.fontSize * Math.abs(m[0] * m[3] - m[1] * m[2])) / advance;
  t.frame = { ctm: gs.ctm, matrix: t.matrix, fontSize: t.fontSize, hs, m, dir: textDirection(m[0] * sign, m[1] * sign), size };
  return t.frame;
}

/** Places the characters of one showText operation; see pdf.js CanvasGraphics.showText. */
function showText(out: PagePaint, gs: GraphicsState, glyphs: (ShowGlyph | number)[] | undefined): void {
  const t = gs.text;
  if (!glyphs || t.fontSize === 0) return;
  if (t.font.vertical) return showVerticalText(out, gs, glyphs);
  const fontMatrix = t.font.fontMatrix ?? DEFAULT_FONT_MATRIX;
  const hs = t.hScale * t.fontDirection;
  const advanceScale = t.fontSize * fontMatrix[0];
  const frame = textFrame(gs, hs);
  if (!frame) return;
  const { m, dir, size } = frame;
  const ascent = t.font.ascent && t.font.ascent > 0 ? t.font.ascent : 0.88;
  const descent = t.font.descent && t.font.descent < 0 ? -t.font.descent : 0.12;
  const y = t.y + t.rise;
  let x = 0;
  for (const glyph of glyphs) {
    if (typeof glyph === 'number') {
      x -= (glyph * t.fontSize) / 1000;
      continue;
    }
    const spacing = (glyph.isSpace ? t.wordSpacing : 0) + t.charSpacing;
    const width = glyph.width * advanceScale;
    const chars = glyphChars(out, glyph);
    if (chars.length) {
      const sx = t.x + x * hs;
      const ex = t.x + (x + width) * hs;
      // A ligature or multi-character mapping shares the glyph's advance.
      if (dir === 0) {
        const x0 = m[0] * sx + m[2] * y + m[4];
        const baseline = m[1] * sx + m[3] * y + m[5];
        const step = (m[0] * ex + m[2] * y + m[4] - x0) / chars.length;
        const top = baseline - ascent * size;
        const bottom = baseline + descent * size;
        for (let k = 0; k < chars.length; k++) {
          out.glyphs.push({ text: chars[k], x0: x0 + k * step, x1: x0 + (k + 1) * step, top, bottom, baseline, size, struck: false });
        }
      } else {
        const start = apply(m, sx, y);
        const end = apply(m, ex, y);
        const [fx0, baseline] = toFrame(dir, start[0], start[1]);
        const step = (toFrame(dir, end[0], end[1])[0] - fx0) / chars.length;
        chars.forEach((ch, k) => out.glyphs.push(turnedGlyph(ch, { dir, x0: fx0 + k * step, x1: fx0 + (k + 1) * step, top: baseline - ascent * size, bottom: baseline + descent * size, baseline }, size)));
      }
    }
    x += width + spacing * t.fontDirection;
  }
  t.x += x * hs;
}

/**
 * Vertical writing (縦書き): upright glyphs stacked downwards in text space, each centred on the
 * line; see pdf.js CanvasGraphics.showText with a vertical font. Read in the frame where the
 * column runs left to right, so that columns read like lines.
 */
function showVerticalText(out: PagePaint, gs: GraphicsState, glyphs: (ShowGlyph | number)[]): void {
  const t = gs.text;
  const scale = t.fontSize * (t.font.fontMatrix ?? DEFAULT_FONT_MATRIX)[0];
  const m = multiply(gs.ctm, t.matrix);
  if (Math.hypot(m[2], m[3]) === 0) return;
  const dir = textDirection(-m[2], -m[3]);
  const size = t.fontSize * Math.hypot(m[0], m[1]);
  let y = 0;
  for (const glyph of glyphs) {
    if (typeof glyph === 'number') {
      y -= (glyph * t.fontSize) / 1000;
      continue;
    }
    const width = glyph.width * scale;
    const advance = (glyph.vmetric ? -glyph.vmetric[0] : glyph.width) * scale;
    const chars = glyphChars(out, glyph);
    if (chars.length) {
      // The glyph's box in text space, in the column's reading frame.
      const f = mapBox((x, y) => toFrame(dir, ...apply(m, x, y)), t.x - width / 2, t.y - y - advance, t.x + width / 2, t.y - y);
      const step = (f.x1 - f.x0) / chars.length;
      chars.forEach((ch, k) => out.glyphs.push(turnedGlyph(ch, { dir, x0: f.x0 + k * step, x1: f.x0 + (k + 1) * step, top: f.top, bottom: f.bottom, baseline: f.bottom - 0.12 * size }, size)));
    }
    y += advance + ((glyph.isSpace ? t.wordSpacing : 0) + t.charSpacing) * t.fontDirection;
  }
  t.y -= y;
}

/** The characters a glyph stands for, repaired (see text/hygiene.ts); the repairs are counted on the page. */
function glyphChars(out: PagePaint, glyph: ShowGlyph): string[] {
  if (!glyph.unicode) return [];
  const { text, repaired } = repairText(glyph.unicode);
  out.repaired += repaired;
  return text.length === 1 ? [text] : Array.from(text);
}

/** A glyph of text that is not upright: its frame box, and the page-space box around it. */
function turnedGlyph(text: string, frame: GlyphFrame, size: number): Glyph {
  const box = mapBox((x, y) => fromFrame(frame.dir, x, y), frame.x0, frame.top, frame.x1, frame.bottom);
  return { text, ...box, baseline: box.bottom, size, struck: false, frame };
}

function addPath(out: PagePaint, path: ArrayLike<number>, paintOp: number, gs: GraphicsState): void {
  const fill = FILL_OPS.has(paintOp);
  const stroke = STROKE_OPS.has(paintOp);
  if (!fill && !stroke) return; // a clip path or an invisible one
  const lineWidth = Math.max(gs.lineWidth * scaleOf(gs.ctm), 0.1); // a 0 width line is drawn one device pixel wide
  for (const sub of subpaths(path, gs.ctm)) {
    if (fill) {
      const rect = asRectangle(sub.points);
      if (rect) {
        addFilledRect(out, rect);
        continue; // a stroked outline of the same rectangle adds nothing for the grid
      }
    }
    if (stroke) {
      const pts = sub.closed ? [...sub.points, sub.points[0]] : sub.points;
      for (let k = 1; k < pts.length; k++) addLine(out, pts[k - 1], pts[k], lineWidth);
    }
  }
}

interface Subpath {
  points: [number, number][];
  closed: boolean;
}

function subpaths(path: ArrayLike<number>, ctm: Matrix): Subpath[] {
  const result: Subpath[] = [];
  let cur: Subpath | null = null;
  for (let i = 0; i < path.length; ) {
    const cmd = path[i++];
    if (cmd === DRAW.moveTo) {
      cur = { points: [apply(ctm, path[i], path[i + 1])], closed: false };
      result.push(cur);
      i += 2;
    } else if (cmd === DRAW.lineTo) {
      cur?.points.push(apply(ctm, path[i], path[i + 1]));
      i += 2;
    } else if (cmd === DRAW.curveTo) {
      // Curves are never table rules: end the straight subpath here.
      cur = { points: [apply(ctm, path[i + 4], path[i + 5])], closed: false };
      result.push(cur);
      i += 6;
    } else if (cmd === DRAW.quadraticCurveTo) {
      cur = { points: [apply(ctm, path[i + 2], path[i + 3])], closed: false };
      result.push(cur);
      i += 4;
    } else if (cmd === DRAW.closePath) {
      if (cur) cur.closed = true;
    } else {
      break; // unknown command: stop rather than misread the rest
    }
  }
  return result;
}

/** The box of a subpath that is an axis-aligned rectangle (4 corners, optionally repeated first point). */
function asRectangle(points: [number, number][]): FilledRect | null {
  let pts = points;
  if (pts.length === 5 && near(pts[0], pts[4])) pts = pts.slice(0, 4);
  if (pts.length !== 4) return null;
  for (let k = 0; k < 4; k++) {
    const [ax, ay] = pts[k];
    const [bx, by] = pts[(k + 1) % 4];
    if (Math.abs(ax - bx) > AXIS_TOLERANCE && Math.abs(ay - by) > AXIS_TOLERANCE) return null;
  }
  const xs = pts.map((p) => p[0]);
  const ys = pts.map((p) => p[1]);
  return { x0: Math.min(...xs), top: Math.min(...ys), x1: Math.max(...xs), bottom: Math.max(...ys) };
}

function near(a: [number, number], b: [number, number]): boolean {
  return Math.abs(a[0] - b[0]) < AXIS_TOLERANCE && Math.abs(a[1] - b[1]) < AXIS_TOLERANCE;
}

function addFilledRect(out: PagePaint, r: FilledRect): void {
  const w = r.x1 - r.x0;
  const h = r.bottom - r.top;
  if (w <= 0 && h <= 0) return;
  if (h <= MAX_RULE_THICKNESS && w > h) {
    out.segments.push({ orientation: 'h', pos: (r.top + r.bottom) / 2, start: r.x0, end: r.x1, thickness: Math.max(h, 0.1) });
  } else if (w <= MAX_RULE_THICKNESS && h > w) {
    out.segments.push({ orientation: 'v', pos: (r.x0 + r.x1) / 2, start: r.top, end: r.bottom, thickness: Math.max(w, 0.1) });
  } else if (w > MAX_RULE_THICKNESS && h > MAX_RULE_THICKNESS) {
    out.rects.push(r);
  }
}

function addLine(out: PagePaint, a: [number, number], b: [number, number], thickness: number): void {
  const [ax, ay] = a;
  const [bx, by] = b;
  if (Math.abs(ay - by) <= AXIS_TOLERANCE && Math.abs(ax - bx) > AXIS_TOLERANCE) {
    out.segments.push({ orientation: 'h', pos: (ay + by) / 2, start: Math.min(ax, bx), end: Math.max(ax, bx), thickness });
  } else if (Math.abs(ax - bx) <= AXIS_TOLERANCE && Math.abs(ay - by) > AXIS_TOLERANCE) {
    out.segments.push({ orientation: 'v', pos: (ax + bx) / 2, start: Math.min(ay, by), end: Math.max(ay, by), thickness });
  }
}
