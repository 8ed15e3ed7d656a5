import fs from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildPageGrid } from '../src/grid/page.js';
import { buildPlan } from '../src/records/plan.js';
import type { WarningDraft as Warning } from '../src/schema.js';
import { assembleSections } from '../src/tables/assemble.js';
import { parseValueText } from '../src/values/index.js';
import { extractBuffer, extractFile } from '../src/index.js';
import type { PlanDocument } from '../src/schema.js';
import { fixture } from './helpers/cli.js';
import { gridRules, h, page, textLine, v } from './helpers/primitives.js';

// fixtures/flow-*.pdf (scripts/make-flow-fixtures.mjs): tables printed by Chromium that flow over pages,
// rows cut by the page break with no rule at the cut; the plan texts are fixtures/flow-plans.json.
interface PlanText { [key: string]: string }
const truth = JSON.parse(fs.readFileSync(fixture('flow-plans.json'), 'utf8')) as { sections: { department: string; mission: string; plans: PlanText[] }[] };

/** The plan as the output must give it: current text (struck runs and the blank after them removed). */
function expected(p: PlanText) {
  const current = (s: string) => s.replace(/~~.*?~~ ?/g, '');
  return {
    rank: Number(p.rank),
    planType: p.planType === '-' ? null : p.planType,
    ...Object.fromEntries(Object.entries(p).filter(([k]) => k !== 'rank' && k !== 'planType').map(([k, s]) => [k, current(s)])),
  };
}

describe.each([
  ['flow-repeated-header.pdf', 'the header repeated on every page', 2],
  ['flow-no-header.pdf', 'the header printed once', 2],
  ['flow-partial-header.pdf', 'the second page repeating only the column row, three header cells empty', 1],
])('%s (%s)', (file, _what, sectionCount) => {
  let doc: PlanDocument;
  beforeAll(async () => {
    doc = await extractFile(fixture(file));
  });

  it('gives every plan, cell by cell, exactly as written', () => {
    expect(doc.sections.map((s) => s.department)).toEqual(truth.sections.slice(0, sectionCount).map((s) => s.department));
    doc.sections.forEach((s, i) => {
      expect(s.mission).toBe(truth.sections[i].mission);
      expect(s.columns).toHaveLength(14);
      expect(s.plans).toHaveLength(truth.sections[i].plans.length);
      s.plans.forEach((plan, j) => expect(plan).toMatchObject(expected(truth.sections[i].plans[j])));
    });
  });

  it('joins a row spread over three pages, with its ① ② ③ parts and its correction', () => {
    const plan = doc.sections[0].plans[1];
    expect(plan.pages).toHaveLength(3);
    expect(plan.parts.map((p) => [p.label, p.target?.text, p.actual?.text])).toEqual([
      ['①', '40回', '40回'], ['②', '1,200人', '1,350人'], ['③', '公開', '公開'],
    ]);
    expect(plan.activities!.split('\n')).toHaveLength(40);
  });

  it('finds every correction once and warns of nothing lost', () => {
    const struck = doc.sections.flatMap((s) => s.plans.flatMap((p) => p.revisions.map((r) => [p.rank, r.field, r.struck])));
    expect(struck).toEqual([[2, 'target', '30回'], [3, 'target', '120,000枚']]);
    const lost = ['UNMAPPED_CELL', 'GLYPHS_UNPLACED', 'TEXT_OUTSIDE_TABLE', 'RANK_NOT_A_NUMBER', 'SECTION_WITHOUT_PLANS', 'CONTINUATION_WITHOUT_START'];
    expect(doc.warnings.filter((w) => lost.includes(w.code))).toEqual([]);
  });
});

describe('writer-text-titles.pdf (LibreOffice Writer: titles as lines of text, rows continued on the next page)', () => {
  // scripts/make-writer-fixtures.mjs: both sections of flow-plans.json; plan 2 runs over pages 1–3,
  // Writer repeating the header rows on each page.
  let doc: PlanDocument;
  beforeAll(async () => {
    doc = await extractFile(fixture('writer-text-titles.pdf'));
  });

  it('takes 部課名 and the mission under a bare 課の使命 label from the lines above each table', () => {
    expect(doc.sections.map((s) => [s.department, s.mission])).toEqual(truth.sections.map((s) => [s.department, s.mission]));
    expect(doc.pageText).toEqual([]);
  });

  it('gives every plan, cell by cell, exactly as written', () => {
    doc.sections.forEach((s, i) => {
      expect(s.plans).toHaveLength(truth.sections[i].plans.length);
      s.plans.forEach((plan, j) => expect(plan).toMatchObject(expected(truth.sections[i].plans[j])));
    });
    expect(doc.sections[0].plans.map((p) => p.pages)).toEqual([[1], [1, 2, 3], [3]]);
  });

  it('reads the struck values without the spacing Writer writes into struck text as blanks', () => {
    const struck = doc.sections.flatMap((s) => s.plans.flatMap((p) => p.revisions.map((r) => [p.rank, r.field, r.struck])));
    expect(struck).toEqual([[2, 'target', '30回'], [3, 'target', '120,000枚']]);
  });
});

describe('writer-double-rules.pdf (LibreOffice Writer: every border double, the titles in a ruled table)', () => {
  it('reads each double border as one rule: titles, plans and corrections exactly as written', async () => {
    const doc = await extractFile(fixture('writer-double-rules.pdf'));
    expect(doc.sections.map((s) => [s.department, s.mission, s.columns.length])).toEqual(truth.sections.map((s) => [s.department, s.mission, 14]));
    doc.sections.forEach((s, i) => s.plans.forEach((plan, j) => expect(plan).toMatchObject(expected(truth.sections[i].plans[j]))));
    expect(doc.sections.map((s) => s.plans.length)).toEqual(truth.sections.map((s) => s.plans.length));
    const struck = doc.sections.flatMap((s) => s.plans.flatMap((p) => p.revisions.map((r) => [p.rank, r.field, r.struck])));
    expect(struck).toEqual([[2, 'target', '30回'], [3, 'target', '120,000枚']]);
    expect(doc.pageText).toEqual([]);
  });
});

describe('page selections', () => {
  const data = () => new Uint8Array(fs.readFileSync(fixture('flow-repeated-header.pdf')));

  it('does not continue a table across a page that was not read', async () => {
    // Page 3 holds the end of plan 2 and plan 3 of the first section; page 2 is left out.
    const doc = await extractBuffer(data(), { pages: [1, 3] });
    expect(doc.sections.map((s) => [s.department, s.plans.map((p) => [p.rank, p.pages])])).toEqual([
      ['市民部テスト推進課', [[1, [1]], [2, [1]]]],
      ['', [[null, [3]], [3, [3]]]],
    ]);
    expect(doc.warnings.map((w) => [w.code, w.page]).filter(([c]) => c !== 'RATING_MISMATCH')).toEqual([
      ['SECTION_TITLE_MISSING', 3],
      ['CONTINUATION_WITHOUT_START', 3],
    ]);
  });

  it('keeps the year-end columns read on page 1 when page 2 repeats the header in part', async () => {
    const one = await extractBuffer(new Uint8Array(fs.readFileSync(fixture('flow-partial-header.pdf'))), { pages: [1] });
    const both = await extractBuffer(new Uint8Array(fs.readFileSync(fixture('flow-partial-header.pdf'))), { pages: [1, 2] });
    expect(both.sections[0].columns).toEqual(one.sections[0].columns);
    expect(both.sections[0].plans[0]).toMatchObject({ annualSummary: '満足度は82%、平均待ち時間は14分でした。', rating: 'C', challenges: '繁忙期の混雑対策が必要です。' });
  });
});

describe('a table cut by the page break (synthetic rules)', () => {
  // Columns at x = 20, 80, 140, 200; the rules of the last row stop at the page margin (y 560).
  const xs = [20, 80, 140, 200];

  it('closes the table at the end of its vertical rules: the partial row is a row', () => {
    const segs = [h(40, 20, 200), h(60, 20, 200), ...xs.map((x) => v(x, 40, 560))];
    const glyphs = [...textLine('順位', 22, 50), ...textLine('1', 22, 70), ...textLine('途中の行', 142, 550)];
    const grid = buildPageGrid(page(1, glyphs, segs));
    expect(grid.grids).toHaveLength(1);
    const [table] = grid.grids;
    expect([table.top, table.bottom, table.openTop, table.openBottom]).toEqual([40, 560, false, true]);
    expect(table.cells.filter((c) => c.lines.length).map((c) => [c.row, c.col])).toEqual([[0, 0], [1, 0], [1, 2]]);
    expect(grid.freeLines).toEqual([]);
  });

  it('opens a table at the page head where its vertical rules start with no rule', () => {
    const segs = [h(100, 20, 200), ...xs.map((x) => v(x, 30, 100))];
    const grid = buildPageGrid(page(2, textLine('続き', 82, 50), segs));
    expect(grid.grids.map((t) => [t.top, t.bottom, t.openTop, t.openBottom])).toEqual([[30, 100, true, false]]);
  });

  it('reads a page of one row with no horizontal rule at all (the middle of a row over three pages)', () => {
    const grid = buildPageGrid(page(2, textLine('まだ続く', 82, 300), xs.map((x) => v(x, 30, 560))));
    expect(grid.grids.map((t) => [t.cells.length, t.openTop, t.openBottom])).toEqual([[3, true, true]]);
  });

  it('leaves a closed table alone, and two lone vertical lines are no table', () => {
    expect(buildPageGrid(page(1, [], gridRules(xs, [40, 60, 80]))).grids.map((t) => [t.openTop, t.openBottom])).toEqual([[false, false]]);
    expect(buildPageGrid(page(1, [], [v(20, 30, 500), v(80, 30, 500)])).grids).toEqual([]);
  });
});

describe('a cut row in a table without 順位', () => {
  it('continues on the next page even though no 順位 cell says so', async () => {
    // The 取組項目 line of the cut row fills its cell (16 characters of 6 pt from 22 to 118): a wrap.
    const xs = [20, 120, 220, 320];
    const page1 = page(1, [
      ...textLine('部課名：市民部テスト課', 22, 20),
      ...textLine('取組項目', 22, 50), ...textLine('指標', 122, 50), ...textLine('目標値', 222, 50),
      ...textLine('取組の内容がここで改ページにより', 22, 550), ...textLine('件数', 122, 550), ...textLine('10件', 222, 550),
    ], [h(40, 20, 320), h(54, 20, 320), ...xs.map((x) => v(x, 40, 560))]);
    const page2 = page(2, [...textLine('分かれます', 22, 40), ...textLine('項目B', 22, 70), ...textLine('回数', 122, 70)], [h(60, 20, 320), h(80, 20, 320), ...xs.map((x) => v(x, 30, 80))]);
    const warnings: Warning[] = [];
    const [section] = assembleSections([page1, page2].map(buildPageGrid), warnings);
    const plans = await Promise.all(section.plans.map((p) => buildPlan(p, section, parseValueText, warnings)));
    expect(plans.map((p) => [p.item, p.indicator, p.pages])).toEqual([['取組の内容がここで改ページにより分かれます', '件数', [1, 2]], ['項目B', '回数', [2]]]);
  });
});
