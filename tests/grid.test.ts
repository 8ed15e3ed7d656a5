import { describe, expect, it } from 'vitest';
import { findCells, groupIntoGrids } from '../src/grid/cells.js';
import { buildPageGrid } from '../src/grid/page.js';
import { mergeSegments } from '../src/grid/rules.js';
import { findStrikes } from '../src/grid/strike.js';
import { joinLines, segmentsPrinted } from '../src/text/lines.js';
import { gridRules, h, page, textLine, v } from './helpers/primitives.js';

function grids(segments: ReturnType<typeof h>[]) {
  const hs = mergeSegments(segments, 'h');
  const vs = mergeSegments(segments, 'v', hs.length);
  return groupIntoGrids(findCells(hs, vs));
}

describe('rules', () => {
  it('merges broken and overlapping pieces of one rule, but not a gap as wide as a cell', () => {
    const rules = mergeSegments([h(10, 0, 50), h(10.3, 49, 100), h(10, 101.5, 150), h(10, 200, 250)], 'h');
    expect(rules.map((r) => [r.start, r.end])).toEqual([[0, 150], [200, 250]]);
    expect(rules[0].pos).toBeCloseTo(10.1, 1);
  });

  it('keeps rules further apart than their thickness separate', () => {
    expect(mergeSegments([h(10, 0, 50), h(14, 0, 50)], 'h')).toHaveLength(2);
  });
});

describe('cells', () => {
  it('finds a plain 3x2 grid with row and column indices', () => {
    const [g] = grids(gridRules([0, 40, 80, 120], [0, 20, 40]));
    expect(g.cells).toHaveLength(6);
    expect(g.cells.map((c) => [c.row, c.col, c.rowSpan, c.colSpan])).toEqual([
      [0, 0, 1, 1], [0, 1, 1, 1], [0, 2, 1, 1], [1, 0, 1, 1], [1, 1, 1, 1], [1, 2, 1, 1],
    ]);
  });

  it('gives spanning cells their row and column spans (two-level header)', () => {
    // Row 0: A spans two rows; B spans columns 1-2. Row 1: C, D under B.
    const segs = [
      h(0, 0, 120), h(40, 0, 120), h(20, 40, 120),
      v(0, 0, 40), v(40, 0, 40), v(80, 20, 40), v(120, 0, 40),
    ];
    const [g] = grids(segs);
    expect(g.cells.map((c) => [c.row, c.col, c.rowSpan, c.colSpan])).toEqual([
      [0, 0, 2, 1], [0, 1, 1, 2], [1, 1, 1, 1], [1, 2, 1, 1],
    ]);
  });

  it('reads a grid drawn cell by cell with small gaps and overlaps', () => {
    const segs = [];
    for (const [x0, x1] of [[0, 40], [40, 80]]) {
      for (const [y0, y1] of [[0, 20], [20, 40]]) {
        // each cell drawn as its own box, a little short or long at the corners
        segs.push(h(y0, x0 + 0.4, x1 - 0.3), h(y1, x0 - 0.2, x1 + 0.2), v(x0, y0 + 0.5, y1 - 0.5), v(x1 + 0.2, y0 - 0.3, y1));
      }
    }
    const [g] = grids(segs);
    expect(g.cells).toHaveLength(4);
    expect(g.xs).toHaveLength(3);
  });

  it('separates two tables on one page', () => {
    const result = grids([...gridRules([0, 50, 100], [0, 10, 20]), ...gridRules([0, 30, 60, 100], [50, 70])]);
    expect(result.map((g) => g.cells.length)).toEqual([4, 3]);
  });
});

describe('strike-through', () => {
  const size = 6;
  const cellRules = gridRules([0, 100], [0, 20]);
  // "35% 45%" on baseline 10: "35%" spans x 2..11 (narrow glyphs of 3 pt)
  const glyphs = textLine('35% 45%', 2, 10, size);

  function struckText(lines: ReturnType<typeof h>[]) {
    const grid = buildPageGrid(page(1, glyphs, [...cellRules, ...lines]));
    return segmentsPrinted(joinLines(grid.grids[0].cells[0].lines));
  }

  it('marks glyphs crossed at mid-height by a line', () => {
    expect(struckText([h(10 - 0.3 * size, 2, 11, 0.5)])).toBe('~~35%~~ 45%');
  });

  it('marks glyphs crossed by a thin filled rectangle the same way (as one producer draws both)', () => {
    expect(struckText([h(10 - 0.3 * size, 2, 11, 0.75)])).toBe('~~35%~~ 45%');
  });

  it('reads a strike drawn in pieces as one struck run', () => {
    // "114,140枚(4割減) 84,970枚" from x 2: "114" 2..11, "," 11..14, "140" 14..23, "枚" 23..29, "(" 29..32, "4割減)" 32..50.
    const text = textLine('114,140枚(4割減) 84,970枚', 2, 10, size);
    const cell = (lines: ReturnType<typeof h>[]) => {
      const grid = buildPageGrid(page(1, text, [...gridRules([0, 120], [0, 20]), ...lines]));
      return segmentsPrinted(joinLines(grid.grids[0].cells[0].lines));
    };
    const y = 10 - 0.3 * size;
    // Pieces meeting under "枚" (23..29, centre 26): neither reaches its centre, together they cover 5 of 6.
    expect(cell([h(y, 2, 25.5, 0.5), h(y, 26.5, 50, 0.5)])).toBe('~~114,140枚(4割減)~~ 84,970枚');
    // Pieces leaving the comma and the bracket between them uncrossed.
    expect(cell([h(y, 2, 11, 0.5), h(y, 14.5, 29, 0.5), h(y, 32.5, 50, 0.5)])).toBe('~~114,140枚(4割減)~~ 84,970枚');
  });

  it('does not take an underline for a strike', () => {
    expect(struckText([h(10 + 0.5, 2, 11, 0.5)])).toBe('35% 45%');
  });

  it('does not take a border for a strike, even one crossing some text', () => {
    // a rule that runs from the left border to the right border at mid-height
    const grid = buildPageGrid(page(1, glyphs, [...gridRules([0, 100], [0, 20, 30]), h(10 - 0.3 * size, 0, 100)]));
    expect(grid.strikes).toHaveLength(0);
  });

  it('finds a strike through a full line of a narrow cell, ending within the padding of both borders', () => {
    // "あいうえお" fills a 34 pt cell from x 2 to 32; the strike runs 2..32, 2 pt from each rule.
    const full = textLine('あいうえお', 2, 10, size);
    const grid = buildPageGrid(page(1, full, [...gridRules([0, 34], [0, 20]), h(10 - 0.3 * size, 2, 32, 0.75)]));
    expect(grid.strikes).toHaveLength(1);
    expect(segmentsPrinted(joinLines(grid.grids[0].cells[0].lines))).toBe('~~あいうえお~~');
  });

  it('follows a struck run that wraps onto the next line of its cell', () => {
    const wrapped = [...textLine('あいうえ', 2, 8, size), ...textLine('おか', 2, 16, size)];
    const strikeLines = [h(8 - 0.3 * size, 14, 26, 0.5), h(16 - 0.3 * size, 2, 8, 0.5)];
    const grid = buildPageGrid(page(1, wrapped, [...gridRules([0, 28], [0, 20]), ...strikeLines]));
    expect(segmentsPrinted(joinLines(grid.grids[0].cells[0].lines))).toBe('あい~~うえお~~か');
  });

  it('classifies lines with findStrikes directly', () => {
    const hs = mergeSegments([h(10 - 0.3 * size, 2, 11)], 'h');
    const { strikes, struck } = findStrikes(hs, [], glyphs);
    expect(strikes).toHaveLength(1);
    expect([...struck].map((i) => glyphs[i].text).join('')).toBe('35%');
  });
});

describe('a table drawn with cell fills only', () => {
  it('takes each filled rectangle as a cell when the page has no rules', () => {
    const glyphs = [...textLine('順位', 2, 10), ...textLine('指標', 42, 10)];
    const prims = { ...page(1, glyphs, []), rects: [{ x0: 0, top: 0, x1: 39.5, bottom: 15 }, { x0: 40, top: 0, x1: 80, bottom: 15 }] };
    const grid = buildPageGrid(prims);
    expect(grid.grids).toHaveLength(1);
    expect(grid.grids[0].cells.map((c) => segmentsPrinted(joinLines(c.lines)))).toEqual(['順位', '指標']);
  });
});

describe('a double rule', () => {
  it('is one rule, at its middle: each cell comes once, with its text', () => {
    // The header row is closed by two lines 1.5 pt apart.
    const segs = [h(0, 0, 100), h(20, 0, 100), h(21.5, 0, 100), h(40, 0, 100), v(0, 0, 40), v(50, 0, 40), v(100, 0, 40)];
    const glyphs = [...textLine('順位', 2, 12), ...textLine('指標', 52, 12), ...textLine('1', 2, 32), ...textLine('率', 52, 32)];
    const [grid] = buildPageGrid(page(1, glyphs, segs)).grids;
    expect(grid.cells.map((c) => [c.row, c.col, c.top, segmentsPrinted(joinLines(c.lines))])).toEqual([
      [0, 0, 0, '順位'], [0, 1, 0, '指標'], [1, 0, 20.75, '1'], [1, 1, 20.75, '率'],
    ]);
  });

  it('reads a table whose every border is double, as LibreOffice Writer draws its double border', () => {
    // Each rule two lines 1.7 pt apart: the outer ones from outer corner to outer corner, the inner ones
    // between the inner lines of the rules they meet.
    const xs = [0, 50, 100];
    const ys = [0, 20, 40];
    const segs = [
      ...ys.flatMap((y, i) => [h(y, 0, 101.7), h(y + 1.7, i === 0 || i === 2 ? 1.7 : 0, i === 0 || i === 2 ? 100 : 101.7)]),
      ...xs.flatMap((x, i) => [v(x, 0, 41.7), v(x + 1.7, i === 0 || i === 2 ? 1.7 : 0, i === 0 || i === 2 ? 40 : 41.7)]),
    ];
    const glyphs = [...textLine('順位', 4, 14), ...textLine('指標', 54, 14), ...textLine('1', 4, 34), ...textLine('率', 54, 34)];
    const [grid, ...others] = buildPageGrid(page(1, glyphs, segs)).grids;
    expect(others).toEqual([]);
    expect(grid.cells.map((c) => [c.row, c.col, c.rowSpan, c.colSpan, segmentsPrinted(joinLines(c.lines))])).toEqual([
      [0, 0, 1, 1, '順位'], [0, 1, 1, 1, '指標'], [1, 0, 1, 1, '1'], [1, 1, 1, 1, '率'],
    ]);
  });
});

describe('hostile amounts of drawing', () => {
  it('reads a page with 200,000 collinear rule pieces without exhausting the call stack', () => {
    // One rule drawn as 200,000 overlapping pieces.
    const segments = Array.from({ length: 200_000 }, (_, i) => v(10, 10 + (i % 5), 500 + (i % 3)));
    for (let i = 0; i < 50; i++) segments.push(h(10 + i * 9, 5, 600));
    expect(() => buildPageGrid(page(1, [], segments))).not.toThrow();
  });
});
