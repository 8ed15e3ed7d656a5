import fs from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { extractFile } from '../src/index.js';
import type { PlanDocument } from '../src/schema.js';
import { assignColumns, phaseOf, similarity, type HeaderCell } from '../src/tables/columns.js';
import { stackedReading } from '../src/tables/stacked.js';
import { glyphsToLines } from '../src/text/lines.js';
import { textLine } from './helpers/primitives.js';
import { fixture } from './helpers/cli.js';

/** Header cells side by side, 10 pt wide each, under the group header given for each. */
const cells = (list: [string, string | null][]): HeaderCell[] =>
  list.map(([text, group], i) => ({ text, x0: i * 10, x1: i * 10 + 10, phase: group ? phaseOf(group) : null }));

describe('header mapping as one assignment', () => {
  it('maps the wording of another edition, each field once, in order', () => {
    const printed = cells([
      ['順位', null], ['計画類型', null], ['取組事項', null], ['具体的な取組内容', '年度目標設定'], ['指標', '年度目標設定'], ['目標値', '年度目標設定'],
      ['進捗状況', '中間確認'], ['上半期の実施状況・評価', '中間確認'], ['下半期の取組予定', '中間確認'],
      ['年間の総括', '年度末確認'], ['実績値', '年度末確認'], ['評価', '年度末確認'], ['評価の理由', '年度末確認'], ['課題と今後の対応', '年度末確認'],
    ]);
    expect(assignColumns(printed)).toEqual({
      keys: ['rank', 'planType', 'item', 'activities', 'indicator', 'target', 'progress', 'firstHalf', 'secondHalfPlan', 'annualSummary', 'actual', 'rating', 'ratingReason', 'challenges'],
      duplicates: [],
    });
  });

  it('never takes a 中間 header ending in 評価 for the year-end 評価', () => {
    const printed = cells([['進捗', '中間確認'], ['上半期の取組状況と評価', '中間確認'], ['下半期', '中間確認'], ['評価', '年度末確認']]);
    expect(assignColumns(printed).keys).toEqual(['progress', 'firstHalf', 'secondHalfPlan', 'rating']);
  });

  it('keeps columns no field matches as null (extras)', () => {
    const printed = cells([['順位', null], ['取組項目', null], ['担当', null], ['指標', null], ['目標値', null], ['予算額', null]]);
    expect(assignColumns(printed).keys).toEqual(['rank', 'item', null, 'indicator', 'target', null]);
  });

  it('maps an unknown wording by similarity only between the fields its neighbours allow', () => {
    // 取組の概要 is not a known name; between 取組項目 and 指標 only 具体的な活動内容 is left.
    const printed = cells([['順位', null], ['取組項目', null], ['活動の概要', null], ['指標', null]]);
    expect(assignColumns(printed).keys).toEqual(['rank', 'item', 'activities', 'indicator']);
  });

  it('reports a header printed twice', () => {
    expect(assignColumns(cells([['順位', null], ['指標', null], ['指標', null]]))).toEqual({ keys: ['rank', 'indicator', null], duplicates: ['indicator'] });
  });

  it('scores bigram agreement (Dice), one-character names included', () => {
    expect(similarity('評価', '評価')).toBe(1);
    expect(similarity('担当', '評価')).toBe(0);
    expect(similarity('上半期の実施状況・評価', '上半期の状況や評価')).toBeCloseTo(14 / 22, 5); // 7 of 12 and 10 bigrams
    expect(similarity('上半期の実施状況・評価', '評価')).toBeCloseTo(4 / 15, 5);
  });
});

// fixtures/headers-other-office.pdf (scripts/make-html-fixtures.mjs): 8 of 14 headers reworded, the office's
// own 担当 and 予算額 columns, narrow header cells turned sideways (section 1) or written vertically (section 2).
describe('headers-other-office.pdf', () => {
  const truth = JSON.parse(fs.readFileSync(fixture('flow-plans.json'), 'utf8'));
  let doc: PlanDocument;
  beforeAll(async () => {
    doc = await extractFile(fixture('headers-other-office.pdf'));
  });

  it('maps every column, turned and vertical headers included', () => {
    expect(doc.sections.map((s) => s.columns.length)).toEqual([14, 14]);
    const plans = doc.sections.flatMap((s) => s.plans);
    expect(plans.map((p) => [p.rank, p.progress, p.rating])).toEqual([[1, '○', 'C'], [2, '◎', 'B'], [3, '○', 'C'], [1, '○', 'C']]);
    expect(plans.map((p) => p.firstHalf)).toEqual(truth.sections.flatMap((s: any) => s.plans.map((p: any) => p.firstHalf)));
    expect(plans.map((p) => p.challenges)).toEqual(truth.sections.flatMap((s: any) => s.plans.map((p: any) => p.challenges)));
  });

  it('keeps the office\'s own columns in extras, with one warning per table', () => {
    expect(doc.sections.flatMap((s) => s.plans.map((p) => p.extras))).toEqual([
      { 担当: '窓口係', 予算額: '120万円' }, { 担当: '企画係', 予算額: '300万円' }, { 担当: '庶務係', 予算額: '-' }, { 担当: '相談係', 予算額: '15万円' },
    ]);
    expect(doc.warnings.filter((w) => w.code === 'EXTRA_COLUMN').map((w) => [w.page, w.department])).toEqual([[1, '市民部テスト推進課'], [4, '市民部テスト相談課']]);
    expect(doc.warnings.filter((w) => ['UNMAPPED_CELL', 'DUPLICATE_COLUMN', 'GLYPHS_UNPLACED'].includes(w.code))).toEqual([]);
  });
});

// fixtures/calc-rotated-headers.pdf (scripts/make-calc-fixtures.mjs): exceljs → LibreOffice Calc, IPAex Mincho, header
// cells with text rotated 90° (順位), -90° (進捗状況) and stacked vertically (評価).
describe('calc-rotated-headers.pdf', () => {
  it('maps the rotated and stacked header cells and reads every plan exactly', async () => {
    const truth = JSON.parse(fs.readFileSync(fixture('flow-plans.json'), 'utf8')).sections[0];
    const doc = await extractFile(fixture('calc-rotated-headers.pdf'));
    expect(doc.sections.map((s) => [s.department, s.columns.length])).toEqual([[truth.department, 14]]);
    const current = (s: string) => s.replace(/~~.*?~~ ?/g, '');
    doc.sections[0].plans.forEach((plan, i) => {
      const p = truth.plans[i];
      expect(plan).toMatchObject({
        rank: Number(p.rank), progress: p.progress, rating: p.rating, item: p.item,
        activities: p.activities.split('\n')[0], target: current(p.target), actual: p.actual, challenges: p.challenges,
      });
    });
    expect(doc.warnings).toEqual([]);
  });
});

describe('header text written vertically, character by character', () => {
  /** Upright characters at 7 pt, column by column from the right, each column top to bottom from y 82. */
  const stacked = (columns: string[], right = 380, pitch = 7) =>
    glyphsToLines(columns.flatMap((column, c) => Array.from(column).flatMap((ch, k) => textLine(ch, right - (c + 1) * 7, 82 + k * pitch, 7))), { x0: 360, top: 70, x1: 384, bottom: 120 });

  it('reads the columns right to left, each from the top', () => {
    // As LibreOffice Writer writes 進捗状況 in a narrow cell: read by lines, 状進 / 況捗.
    const lines = stacked(['進捗', '状況']);
    expect(lines.map((l) => l.segments[0].text)).toEqual(['状進', '況捗']);
    expect(stackedReading(lines)).toBe('進捗状況');
    expect(stackedReading(stacked(['目標値に', '対する実', '績値']))).toBe('目標値に対する実績値');
  });

  it('leaves lines that are not one em apart, or not full width, alone', () => {
    expect(stackedReading(stacked(['計類', '画型'], 380, 9))).toBeNull(); // 計画 / 類型 with line spacing
    expect(stackedReading(stacked(['順位']))).toBe('順位');
    expect(stackedReading(glyphsToLines([...textLine('No', 360, 82, 7), ...textLine('順位', 360, 89, 7)], { x0: 358, top: 70, x1: 384, bottom: 120 }))).toBeNull();
  });
});

// fixtures/writer-vertical-headers.pdf (scripts/make-writer-fixtures.mjs): LibreOffice Writer, the narrow header cells
// 順位, 進捗状況 (two columns) and 評価 written vertically.
describe('writer-vertical-headers.pdf', () => {
  it('maps the vertical header cells and reads every plan exactly', async () => {
    const truth = JSON.parse(fs.readFileSync(fixture('flow-plans.json'), 'utf8')) as { sections: { department: string; plans: Record<string, string>[] }[] };
    const doc = await extractFile(fixture('writer-vertical-headers.pdf'));
    expect(doc.sections.map((s) => [s.department, s.columns.length])).toEqual(truth.sections.map((s) => [s.department, 14]));
    const current = (s: string) => s.replace(/~~.*?~~ ?/g, '');
    doc.sections.forEach((section, i) => {
      section.plans.forEach((plan, j) => {
        const p = truth.sections[i].plans[j];
        expect(plan).toMatchObject({ rank: Number(p.rank), progress: p.progress, rating: p.rating, item: p.item, target: current(p.target), actual: p.actual });
        expect(plan.extras).toEqual({});
      });
    });
    expect(doc.warnings.filter((w) => w.code !== 'RATING_MISMATCH')).toEqual([]);
  });
});
