import { apply, multiply, scaleOf, type FilledRect, type Matrix, type Segment } from '../geometry.js';

/**
 * pdf.js operator numbers used here (pdfjs-dist 5.x `OPS`, checked against the library in tests).
 * A path arrives as constructPath with args [paintOp, [path], minMax]; path commands are DrawOPS codes.
 */
export const OP = {
  save: 10,
  restore: 11,
  transform: 12,
  setLineWidth: 2,
  stroke: 20,
  closeStroke: 21,
  fill: 22,
  eoFill: 23,
  fillStroke: 24,
  eoFillStroke: 25,
  closeFillStroke: 26,
  closeEOFillStroke: 27,
  endPath: 28,
  constructPath: 91,
  paintFormXObjectBegin: 74,
  paintFormXObjectEnd: 75,
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

interface GraphicsState {
  ctm: Matrix;
  lineWidth: number;
}

export interface Vectors {
  segments: Segment[];
  rects: FilledRect[];
}

/**
 * Reads stroked lines and filled rectangles from a pdf.js operator list.
 * `base` maps PDF user space to our page space (pdf.js viewport transform at scale 1).
 */
export function vectorsFromOperatorList(fnArray: ArrayLike<number>, argsArray: ArrayLike<unknown>, base: Matrix): Vectors {
  const out: Vectors = { segments: [], rects: [] };
  let gs: GraphicsState = { ctm: base, lineWidth: 1 };
  const stack: GraphicsState[] = [];
  for (let i = 0; i < fnArray.length; i++) {
    const fn = fnArray[i];
    const args = argsArray[i] as any;
    switch (fn) {
      case OP.save:
        stack.push({ ...gs });
        break;
      case OP.restore:
        gs = stack.pop() ?? gs;
        break;
      case OP.transform:
        gs = { ...gs, ctm: multiply(gs.ctm, args as Matrix) };
        break;
      case OP.setLineWidth:
        gs = { ...gs, lineWidth: Number(args[0]) };
        break;
      case OP.paintFormXObjectBegin:
        stack.push({ ...gs });
        if (Array.isArray(args?.[0]) || ArrayBuffer.isView(args?.[0])) gs = { ...gs, ctm: multiply(gs.ctm, Array.from(args[0] as number[]) as Matrix) };
        break;
      case OP.paintFormXObjectEnd:
        gs = stack.pop() ?? gs;
        break;
      case OP.constructPath: {
        const paintOp = args?.[0] as number;
        const path = args?.[1]?.[0] as ArrayLike<number> | undefined;
        if (!path) break;
        addPath(out, path, paintOp, gs);
        break;
      }
    }
  }
  return out;
}

function addPath(out: Vectors, path: ArrayLike<number>, paintOp: number, gs: GraphicsState): void {
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
      const end = apply(ctm, path[i + 4], path[i + 5]);
      cur = { points: [end], closed: false };
      result.push(cur);
      i += 6;
    } else if (cmd === DRAW.quadraticCurveTo) {
      const end = apply(ctm, path[i + 2], path[i + 3]);
      cur = { points: [end], closed: false };
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

function addFilledRect(out: Vectors, r: FilledRect): void {
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

function addLine(out: Vectors, a: [number, number], b: [number, number], thickness: number): void {
  const [ax, ay] = a;
  const [bx, by] = b;
  if (Math.abs(ay - by) <= AXIS_TOLERANCE && Math.abs(ax - bx) > AXIS_TOLERANCE) {
    out.segments.push({ orientation: 'h', pos: (ay + by) / 2, start: Math.min(ax, bx), end: Math.max(ax, bx), thickness });
  } else if (Math.abs(ax - bx) <= AXIS_TOLERANCE && Math.abs(ay - by) > AXIS_TOLERANCE) {
    out.segments.push({ orientation: 'v', pos: (ax + bx) / 2, start: Math.min(ay, by), end: Math.max(ay, by), thickness });
  }
}
