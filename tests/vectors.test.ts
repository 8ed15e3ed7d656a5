import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';
import { describe, expect, it } from 'vitest';
import type { Matrix } from '../src/geometry.js';

const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];
import { findCells, groupIntoGrids } from '../src/grid/cells.js';
import { mergeSegments } from '../src/grid/rules.js';
import { DRAW, OP, readOperatorList } from '../src/pdf/operators.js';

const rectPath = (x: number, y: number, w: number, hgt: number) =>
  new Float32Array([DRAW.moveTo, x, y, DRAW.lineTo, x + w, y, DRAW.lineTo, x + w, y + hgt, DRAW.lineTo, x, y + hgt, DRAW.closePath]);
const linePath = (x0: number, y0: number, x1: number, y1: number) => new Float32Array([DRAW.moveTo, x0, y0, DRAW.lineTo, x1, y1]);
const path = (paintOp: number, p: Float32Array) => [paintOp, [p], null];

function cellsOf(fn: number[], args: unknown[], base: Matrix = IDENTITY) {
  const { segments } = readOperatorList(fn, args, base, () => ({}));
  const hs = mergeSegments(segments, 'h');
  const vs = mergeSegments(segments, 'v', hs.length);
  return groupIntoGrids(findCells(hs, vs));
}

describe('operator list', () => {
  it('uses the operator numbers of the installed pdf.js', () => {
    for (const [name, value] of Object.entries(OP)) expect((pdfjs.OPS as Record<string, number>)[name], name).toBe(value);
  });

  it('reads a box drawn as four lines, as one stroked rectangle, and as four thin filled rectangles alike', () => {
    const fourLines = cellsOf(
      [OP.setLineWidth, OP.constructPath, OP.constructPath, OP.constructPath, OP.constructPath],
      [[0.5], path(OP.stroke, linePath(10, 10, 110, 10)), path(OP.stroke, linePath(10, 60, 110, 60)), path(OP.stroke, linePath(10, 10, 10, 60)), path(OP.stroke, linePath(110, 10, 110, 60))],
    );
    const stroked = cellsOf([OP.constructPath], [path(OP.stroke, rectPath(10, 10, 100, 50))]);
    const filled = cellsOf(
      [OP.constructPath, OP.constructPath, OP.constructPath, OP.constructPath],
      [path(OP.fill, rectPath(9.6, 9.6, 100.8, 0.75)), path(OP.fill, rectPath(9.6, 59.6, 100.8, 0.75)), path(OP.fill, rectPath(9.6, 9.6, 0.75, 50.8)), path(OP.fill, rectPath(109.6, 9.6, 0.75, 50.8))],
    );
    for (const g of [fourLines, stroked, filled]) {
      expect(g).toHaveLength(1);
      expect(g[0].cells).toHaveLength(1);
      const c = g[0].cells[0];
      expect([c.x0, c.top, c.x1, c.bottom].map((n) => Math.round(n))).toEqual([10, 10, 110, 60]);
    }
  });

  it('applies the transformation matrix through save, transform and restore', () => {
    // Chromium draws inside a scaling cm: a 1-unit rectangle at scale 0.75 is a 0.75 pt rule.
    const { segments } = readOperatorList(
      [OP.save, OP.transform, OP.constructPath, OP.restore, OP.constructPath],
      [null, [0.75, 0, 0, 0.75, 100, 200], path(OP.fill, rectPath(0, 0, 100, 1)), null, path(OP.stroke, linePath(0, 0, 10, 0))],
      IDENTITY,
      () => ({}),
    );
    expect(segments[0]).toMatchObject({ orientation: 'h', start: 100, end: 175, thickness: 0.75 });
    expect(segments[0].pos).toBeCloseTo(200.375, 3);
    expect(segments[1]).toMatchObject({ orientation: 'h', pos: 0, start: 0, end: 10 });
  });

  it('keeps large fills as rectangles, not rules, and ignores clip paths', () => {
    const out = readOperatorList([OP.constructPath, OP.constructPath], [path(OP.fill, rectPath(0, 0, 100, 30)), path(OP.endPath, rectPath(0, 0, 1, 100))], IDENTITY, () => ({}));
    expect(out.segments).toHaveLength(0);
    expect(out.rects).toEqual([{ x0: 0, top: 0, x1: 100, bottom: 30 }]);
  });
});

describe('text from the operator list', () => {
  // Page space: the viewport flips y (a 600 pt high page).
  const base: Matrix = [1, 0, 0, -1, 0, 600];
  const g = (unicode: string, width = 1000, isSpace = false) => ({ unicode, width, isSpace });
  const fonts = (name: string) => (name === 'F1' ? { ascent: 0.9, descent: -0.1 } : { fontMatrix: [0.002, 0, 0, 0.002, 0, 0] });

  it('places characters by font size, advance widths, spacing and TJ adjustments', () => {
    const { glyphs } = readOperatorList(
      [OP.beginText, OP.setFont, OP.setTextMatrix, OP.setCharSpacing, OP.showText],
      [null, ['F1', 10], [[1, 0, 0, 1, 50, 500]], [1], [[g('市'), -500, g('A', 500), g(' ', 250, true), g('民')]]],
      base,
      fonts,
    );
    expect(glyphs.map((x) => [x.text, x.x0, x.x1, x.baseline, x.size, x.top, x.bottom])).toEqual([
      ['市', 50, 60, 100, 10, 91, 101],
      // 市 advances 10 + 1 (char spacing); the TJ number -500 moves 5 right
      ['A', 66, 71, 100, 10, 91, 101],
      [' ', 72, 74.5, 100, 10, 91, 101],
      ['民', 75.5, 85.5, 100, 10, 91, 101],
    ]);
  });

  it('follows Td, TL/T*, Tz, Ts, the CTM and save/restore', () => {
    const { glyphs } = readOperatorList(
      [OP.save, OP.transform, OP.beginText, OP.setFont, OP.moveText, OP.setLeading, OP.setHScale, OP.showText, OP.nextLine, OP.setTextRise, OP.showText, OP.restore, OP.beginText, OP.setFont, OP.showText],
      [null, [2, 0, 0, 2, 0, 0], null, ['F1', 5], [10, 200], [6], [50], [[g('a', 500)]], null, [1], [[g('b', 500)]], null, null, ['F1', 10], [[g('c')]]],
      base,
      fonts,
    );
    expect(glyphs.map((x) => [x.text, x.x0, x.x1, x.baseline, x.size])).toEqual([
      // CTM scales by 2: (10, 200) → (20, 400), size 10, width 0.5 em × 50% h-scale
      ['a', 20, 22.5, 200, 10],
      // T* moves down by TL 6 (12 on the page); Ts raises by 1 (2 on the page)
      ['b', 20, 22.5, 210, 10],
      // after Q the CTM is the identity again
      ['c', 0, 10, 600, 10],
    ]);
  });

  it('uses the font matrix of Type3 fonts and splits multi-character mappings', () => {
    const { glyphs } = readOperatorList(
      [OP.beginText, OP.setFont, OP.showText],
      [null, ['T3', 10], [[g('ﬁ', 500)]]],
      base,
      fonts,
    );
    expect(glyphs.map((x) => [x.text, x.x0, x.x1])).toEqual([['ﬁ', 0, 10]]);
    const split = readOperatorList([OP.beginText, OP.setFont, OP.showText], [null, ['F1', 10], [[g('ab', 1000)]]], base, fonts).glyphs;
    expect(split.map((x) => [x.text, x.x0, x.x1])).toEqual([['a', 0, 5], ['b', 5, 10]]);
  });

  it('keeps text turned 90° with its box in its own reading frame', () => {
    // Text turned counter-clockwise (reads bottom to top) from PDF (100, 100), that is page (100, 500):
    // it advances upwards (270°), its ascent points left.
    const { glyphs } = readOperatorList([OP.beginText, OP.setFont, OP.setTextMatrix, OP.showText], [null, ['F1', 10], [[0, 1, -1, 0, 100, 100]], [[g('縦')]]], base, fonts);
    expect(glyphs).toHaveLength(1);
    expect(glyphs[0]).toMatchObject({ text: '縦', x0: 91, x1: 101, top: 490, bottom: 500, size: 10 });
    expect(glyphs[0].frame).toEqual({ dir: 270, x0: -500, x1: -490, top: 91, bottom: 101, baseline: 100 });
  });

  it('reads text with a tiny skew in its matrix as upright', () => {
    const { glyphs } = readOperatorList([OP.beginText, OP.setFont, OP.setTextMatrix, OP.showText], [null, ['F1', 1], [[12, 0, 0.0002, 12, 100, 100]], [[g('A', 500)]]], base, fonts);
    expect(glyphs.map((x) => [x.text, x.x0, x.x1, x.baseline, x.frame])).toEqual([['A', 100, 106, 500, undefined]]);
  });

  it('reads vertical writing top to bottom', () => {
    const vertical = (name: string) => (name === 'V' ? { vertical: true } : {});
    const { glyphs } = readOperatorList([OP.beginText, OP.setFont, OP.setTextMatrix, OP.showText], [null, ['V', 10], [[1, 0, 0, 1, 100, 100]], [[g('縦'), g('書')]]], base, vertical);
    // Each glyph 10 wide centred on x = 100, stacked downwards from page y 500.
    expect(glyphs.map((x) => [x.text, x.x0, x.x1, x.top, x.bottom, x.frame?.dir])).toEqual([['縦', 95, 105, 500, 510, 90], ['書', 95, 105, 510, 520, 90]]);
  });
});

describe('glyph text that is not text', () => {
  it('is repaired and counted on the page', () => {
    const base: Matrix = [1, 0, 0, -1, 0, 600];
    const out = readOperatorList([OP.beginText, OP.setFont, OP.showText], [null, ['F1', 10], [[{ unicode: 'a\u0000', width: 500, isSpace: false }, { unicode: '\uD800', width: 500, isSpace: false }]]], base, () => ({}));
    expect(out.glyphs.map((g) => g.text)).toEqual(['a', '\uFFFD']);
    expect(out.repaired).toBe(2);
  });
});
