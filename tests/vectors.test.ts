import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';
import { describe, expect, it } from 'vitest';
import { IDENTITY, type Matrix } from '../src/geometry.js';
import { findCells, groupIntoGrids } from '../src/grid/cells.js';
import { mergeSegments } from '../src/grid/rules.js';
import { DRAW, OP, vectorsFromOperatorList } from '../src/pdf/vectors.js';

const rectPath = (x: number, y: number, w: number, hgt: number) =>
  new Float32Array([DRAW.moveTo, x, y, DRAW.lineTo, x + w, y, DRAW.lineTo, x + w, y + hgt, DRAW.lineTo, x, y + hgt, DRAW.closePath]);
const linePath = (x0: number, y0: number, x1: number, y1: number) => new Float32Array([DRAW.moveTo, x0, y0, DRAW.lineTo, x1, y1]);
const path = (paintOp: number, p: Float32Array) => [paintOp, [p], null];

function cellsOf(fn: number[], args: unknown[], base: Matrix = IDENTITY) {
  const { segments } = vectorsFromOperatorList(fn, args, base);
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
    const { segments } = vectorsFromOperatorList(
      [OP.save, OP.transform, OP.constructPath, OP.restore, OP.constructPath],
      [null, [0.75, 0, 0, 0.75, 100, 200], path(OP.fill, rectPath(0, 0, 100, 1)), null, path(OP.stroke, linePath(0, 0, 10, 0))],
      IDENTITY,
    );
    expect(segments[0]).toMatchObject({ orientation: 'h', start: 100, end: 175, thickness: 0.75 });
    expect(segments[0].pos).toBeCloseTo(200.375, 3);
    expect(segments[1]).toMatchObject({ orientation: 'h', pos: 0, start: 0, end: 10 });
  });

  it('keeps large fills as rectangles, not rules, and ignores clip paths', () => {
    const out = vectorsFromOperatorList([OP.constructPath, OP.constructPath], [path(OP.fill, rectPath(0, 0, 100, 30)), path(OP.endPath, rectPath(0, 0, 1, 100))], IDENTITY);
    expect(out.segments).toHaveLength(0);
    expect(out.rects).toEqual([{ x0: 0, top: 0, x1: 100, bottom: 30 }]);
  });
});
