import { multiply, pageTurn, type Glyph, type Matrix, type PagePrimitives } from '../geometry.js';
import { readOperatorList, type FontInfo } from './operators.js';

/** Where a page's operator list is read into: PDF user space to page space (the viewport transform at scale 1), and the page's size there. */
export interface PageFrame {
  base: Matrix;
  width: number;
  height: number;
}

/** A page's text and vector primitives, without its number. */
export type PageReading = Omit<PagePrimitives, 'page'>;

/** An operator list as pdf.js gives it. */
export interface OperatorList {
  fnArray: ArrayLike<number>;
  argsArray: ArrayLike<unknown>;
}

/**
 * The operator of an operator list that is a page already read (in the parser thread, see
 * parser-reading.ts): its arguments are the PageReading. pdf.js's operators are numbered from 1.
 */
export const READ_PAGE_OP = -1;

/** The page read in the parser thread, when the operator list is one. */
export function pageReadElsewhere(ops: OperatorList): PageReading | undefined {
  return ops.fnArray.length === 1 && ops.fnArray[0] === READ_PAGE_OP ? unpackReading(ops.argsArray[0] as PackedReading) : undefined;
}

/**
 * A PageReading as the parser thread sends it: the glyphs' numbers in typed arrays (a page has
 * thousands of glyphs, each an object to clone and rebuild otherwise). Per glyph, `boxes` holds
 * x0, x1, top, bottom, baseline, size; `frames` holds dir, x0, x1, top, bottom, baseline of each
 * glyph that has a frame, in order, and `framed` says which do.
 */
export interface PackedReading extends Omit<PageReading, 'glyphs'> {
  texts: string[];
  boxes: Float64Array;
  framed: Uint8Array;
  frames: Float64Array;
}

const BOX = 6;

export function packReading(reading: PageReading): PackedReading {
  const { glyphs } = reading;
  const boxes = new Float64Array(glyphs.length * BOX);
  const framed = new Uint8Array(glyphs.length);
  const frames: number[] = [];
  const texts = new Array<string>(glyphs.length);
  for (let i = 0; i < glyphs.length; i++) {
    const g = glyphs[i];
    texts[i] = g.text;
    const b = i * BOX;
    boxes[b] = g.x0;
    boxes[b + 1] = g.x1;
    boxes[b + 2] = g.top;
    boxes[b + 3] = g.bottom;
    boxes[b + 4] = g.baseline;
    boxes[b + 5] = g.size;
    if (g.frame) {
      framed[i] = 1;
      frames.push(g.frame.dir, g.frame.x0, g.frame.x1, g.frame.top, g.frame.bottom, g.frame.baseline);
    }
  }
  return { width: reading.width, height: reading.height, segments: reading.segments, rects: reading.rects, repaired: reading.repaired, texts, boxes, framed, frames: Float64Array.from(frames) };
}

/** The glyphs rebuilt as operators.ts builds them (same properties, same order; none struck yet). */
export function unpackReading(packed: PackedReading): PageReading {
  const { texts, boxes, framed, frames } = packed;
  const glyphs: Glyph[] = new Array(texts.length);
  let f = 0;
  for (let i = 0; i < texts.length; i++) {
    const b = i * BOX;
    if (framed[i]) {
      const frame = { dir: frames[f], x0: frames[f + 1], x1: frames[f + 2], top: frames[f + 3], bottom: frames[f + 4], baseline: frames[f + 5] };
      f += 6;
      glyphs[i] = { text: texts[i], x0: boxes[b], top: boxes[b + 2], x1: boxes[b + 1], bottom: boxes[b + 3], baseline: boxes[b + 4], size: boxes[b + 5], struck: false, frame };
    } else {
      glyphs[i] = { text: texts[i], x0: boxes[b], x1: boxes[b + 1], top: boxes[b + 2], bottom: boxes[b + 3], baseline: boxes[b + 4], size: boxes[b + 5], struck: false };
    }
  }
  return { width: packed.width, height: packed.height, glyphs, segments: packed.segments, rects: packed.rects, repaired: packed.repaired };
}

/**
 * Reads a page's text and vector primitives from its operator list. A page stored turned (/Rotate,
 * or content drawn with a rotation) is read the way its text reads: turned so that most of its text
 * runs left to right, then read again.
 */
export function readPage(ops: OperatorList, frame: PageFrame, fontOf: (name: string) => FontInfo): PageReading {
  let paint = readOperatorList(ops.fnArray, ops.argsArray, frame.base, fontOf);
  let { width, height } = frame;
  const turn = mainDirection(paint.glyphs);
  if (turn !== 0) {
    paint = readOperatorList(ops.fnArray, ops.argsArray, multiply(pageTurn(turn, width, height), frame.base), fontOf);
    if (turn !== 180) [width, height] = [height, width];
  }
  return { width, height, glyphs: paint.glyphs, segments: paint.segments, rects: paint.rects, repaired: paint.repaired };
}

/**
 * The right-angle direction most of a page's characters run in (0 when most are upright):
 * counted over characters that are not blanks.
 */
export function mainDirection(glyphs: Glyph[]): number {
  const counts = new Map<number, number>();
  for (const g of glyphs) {
    if (/\s/.test(g.text)) continue;
    const dir = g.frame?.dir ?? 0;
    if (dir % 90 === 0) counts.set(dir, (counts.get(dir) ?? 0) + 1);
  }
  let best = 0;
  for (const [dir, n] of counts) if (n > (counts.get(best) ?? 0)) best = dir;
  return best;
}
