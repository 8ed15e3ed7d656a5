import { repairText } from '../text/hygiene.js';
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

/**
 * Reads a page's pdf.js operator list once: stroked lines and filled rectangles, and every
 * character drawn with its box, placed by the PDF text state the way pdf.js's canvas renderer
 * places it. This replaces pdf.js's getTextContent, which would read the page's content a
 * second time. `base` maps PDF user space to page space (the viewport transform at scale 1).
 */
export function readOperatorList(fnArray: ArrayLike<number>, argsArray: ArrayLike<unknown>, base: Matrix, fontOf: (name: string) => FontInfo): PagePaint {
  const out: PagePaint = { segments: [], rects: [], glyphs: [], repaired: 0 };
  const freshText = (): TextState => ({
    font: {}, fontSize: 0, fontDirection: 1, charSpacing: 0, wordSpacing: 0, hScale: 1, leading: 0, rise: 0,
    matrix: [1, 0, 0, 1, 0, 0], lineX: 0, lineY: 0, x: 0, y: 0,
  });
  let gs: GraphicsState = { ctm: base, lineWidth: 1, text: freshText() };
  const stack: GraphicsState[] = [];
  const copy = (s: GraphicsState): GraphicsState => ({ ...s, text: { ...s.text } });
  for (let i = 0; i < fnArray.length; i++) {
    const args = argsArray[i] as any;
    switch (fnArray[i]) {
      case OP.save:
        stack.push(copy(gs));
        break;
      case OP.restore:
        gs = stack.pop() ?? gs;
        break;
      case OP.transform:
        gs.ctm = multiply(gs.ctm, args as Matrix);
        break;
      case OP.setLineWidth:
        gs.lineWidth = Number(args[0]);
        break;
      case OP.paintFormXObjectBegin:
        stack.push(copy(gs));
        if (Array.isArray(args?.[0]) || ArrayBuffer.isView(args?.[0])) gs.ctm = multiply(gs.ctm, Array.from(args[0] as number[]) as Matrix);
        break;
      case OP.paintFormXObjectEnd:
        gs = stack.pop() ?? gs;
        break;
      case OP.constructPath: {
        const path = args?.[1]?.[0] as ArrayLike<number> | undefined;
        if (path) addPath(out, path, args[0] as number, gs);
        break;
      }
      default:
        applyTextOperator(fnArray[i], args, gs, out, fontOf);
    }
  }
  return out;
}

function moveText(t: TextState, x: number, y: number): void {
  t.x = t.lineX += x;
  t.y = t.lineY += y;
}

/** The text state and text showing operators (other operators are ignored). */
function applyTextOperator(op: number, args: any, gs: GraphicsState, out: PagePaint, fontOf: (name: string) => FontInfo): void {
  const t = gs.text;
  switch (op) {
    case OP.beginText:
      t.matrix = [1, 0, 0, 1, 0, 0];
      t.x = t.lineX = t.y = t.lineY = 0;
      break;
    case OP.setTextMatrix: {
      const m = (Array.isArray(args?.[0]) || ArrayBuffer.isView(args?.[0]) ? args[0] : args) as number[];
      t.matrix = [m[0], m[1], m[2], m[3], m[4], m[5]];
      t.x = t.lineX = t.y = t.lineY = 0;
      break;
    }
    case OP.setFont: {
      const size = Number(args[1]);
      t.font = fontOf(String(args[0]));
      t.fontDirection = size < 0 ? -1 : 1;
      t.fontSize = Math.abs(size);
      break;
    }
    case OP.setCharSpacing:
      t.charSpacing = Number(args[0]);
      break;
    case OP.setWordSpacing:
      t.wordSpacing = Number(args[0]);
      break;
    case OP.setHScale:
      t.hScale = Number(args[0]) / 100;
      break;
    case OP.setLeading:
      t.leading = -Number(args[0]);
      break;
    case OP.setTextRise:
      t.rise = Number(args[0]);
      break;
    case OP.moveText:
      moveText(t, Number(args[0]), Number(args[1]));
      break;
    case OP.setLeadingMoveText:
      t.leading = Number(args[1]);
      moveText(t, Number(args[0]), Number(args[1]));
      break;
    case OP.nextLine:
      moveText(t, 0, t.leading);
      break;
    case OP.nextLineShowText:
      moveText(t, 0, t.leading);
      showText(out, gs, args[0]);
      break;
    case OP.nextLineSetSpacingShowText:
      t.wordSpacing = Number(args[0]);
      t.charSpacing = Number(args[1]);
      moveText(t, 0, t.leading);
      showText(out, gs, args[2]);
      break;
    case OP.showText:
    case OP.showSpacedText:
      showText(out, gs, args[0]);
      break;
  }
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

/** Places the characters of one showText operation; see pdf.js CanvasGraphics.showText. */
function showText(out: PagePaint, gs: GraphicsState, glyphs: (ShowGlyph | number)[] | undefined): void {
  const t = gs.text;
  if (!glyphs || t.fontSize === 0) return;
  if (t.font.vertical) return showVerticalText(out, gs, glyphs);
  const fontMatrix = t.font.fontMatrix ?? DEFAULT_FONT_MATRIX;
  const hs = t.hScale * t.fontDirection;
  const advanceScale = t.fontSize * fontMatrix[0];
  // Text space to page space.
  const m = multiply(gs.ctm, t.matrix);
  const sign = hs < 0 ? -1 : 1;
  const advance = Math.hypot(m[0], m[1]);
  if (advance === 0) return;
  const dir = textDirection(m[0] * sign, m[1] * sign);
  // The font size in page space is the text's height across its advance (a shear does not add to it).
  const size = (t.fontSize * Math.abs(m[0] * m[3] - m[1] * m[2])) / advance;
  const ascent = t.font.ascent && t.font.ascent > 0 ? t.font.ascent : 0.88;
  const descent = t.font.descent && t.font.descent < 0 ? -t.font.descent : 0.12;
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
      const start = apply(m, t.x + x * hs, t.y + t.rise);
      const end = apply(m, t.x + (x + width) * hs, t.y + t.rise);
      // A ligature or multi-character mapping shares the glyph's advance.
      if (dir === 0) {
        const [x0, baseline] = start;
        const step = (end[0] - x0) / chars.length;
        const top = baseline - ascent * size;
        const bottom = baseline + descent * size;
        for (let k = 0; k < chars.length; k++) {
          out.glyphs.push({ text: chars[k], x0: x0 + k * step, x1: x0 + (k + 1) * step, top, bottom, baseline, size, struck: false });
        }
      } else {
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
