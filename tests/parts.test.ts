import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractFile } from '../src/index.js';
import { assess, buildParts, cellRevisions, splitBlocks } from '../src/records/parts.js';
import type { TextSegment, Value, Warning } from '../src/schema.js';
import { parseValueText } from '../src/values/index.js';
import { fixture } from './helpers/cli.js';

const expected = JSON.parse(fs.readFileSync(fixture('expected-parts.json'), 'utf8'));

/** The part and revision fields that the expected file holds. */
function project(doc: Awaited<ReturnType<typeof extractFile>>) {
  const value = (v: Value | null) => v && { text: v.text, number: v.number, unit: v.unit, kind: v.kind, previous: v.previous?.text ?? null, note: v.note };
  return doc.sections.map((s) => ({
    department: s.department,
    plans: s.plans.map((p) => ({
      rank: p.rank,
      parts: p.parts.map((pt) => ({
        label: pt.label, indicator: pt.indicator, indicatorNote: pt.indicatorNote,
        target: value(pt.target), actual: value(pt.actual), direction: pt.direction, achievement: pt.achievement, met: pt.met,
      })),
      revisions: p.revisions.map((r) => ({ field: r.field, part: r.part, struck: r.struck, current: r.current, note: r.note })),
    })),
  }));
}

describe.each(['sample-calc.pdf', 'sample-chromium.pdf'])('parts of every plan in %s', (file) => {
  it('match the expected parts, values, previous values and notes', async () => {
    const doc = await extractFile(fixture(file));
    const got = project(doc);
    for (const [si, section] of expected.entries()) {
      for (const [pi, plan] of section.plans.entries()) {
        expect(got[si].plans[pi], `${section.department} #${plan.rank}`).toEqual(plan);
      }
    }
    expect(got.length).toBe(expected.length);
  });
});

const seg = (text: string, struck = false): TextSegment => ({ text, struck });
const ctx = { page: 1, department: 'テスト課', rank: 1 };

describe('splitting cells into parts', () => {
  it('treats a label printed twice (a corrected value) as one part with its previous value', async () => {
    const blocks = splitBlocks([seg('①'), seg('12種類', true), seg('\n①11種類\n※引き継いだため'), seg('\n②5件')]);
    expect(blocks.map((b) => b.label)).toEqual(['①', '②']);
    const warnings: Warning[] = [];
    const parts = await buildParts(
      { indicator: [seg('①証明書の種類\n②件数')], target: [seg('①'), seg('12種類', true), seg('\n①11種類\n※引き継いだため\n②5件')], actual: [seg('①11種類\n②6件')] },
      parseValueText, warnings, ctx,
    );
    expect(parts).toHaveLength(2);
    expect(parts[0].target).toMatchObject({ text: '11種類', number: 11, previous: { text: '12種類', number: 12 }, note: '※引き継いだため' });
    expect(parts[1]).toMatchObject({ label: '②', target: { number: 5 }, actual: { number: 6 }, met: true, achievement: 1.2 });
    expect(warnings).toEqual([]);
  });

  it('gives null and a warning for a label missing in one column, never a shifted alignment', async () => {
    const warnings: Warning[] = [];
    const parts = await buildParts(
      { indicator: [seg('①件数\n②回数\n③率')], target: [seg('①10件\n③50%')], actual: [seg('①12件\n②3回\n③40%')] },
      parseValueText, warnings, ctx,
    );
    expect(parts.map((p) => [p.label, p.target?.text ?? null, p.actual?.text ?? null])).toEqual([
      ['①', '10件', '12件'], ['②', null, '3回'], ['③', '50%', '40%'],
    ]);
    expect(warnings).toEqual([expect.objectContaining({ code: 'MISSING_PART', field: 'target', rank: 1 })]);
  });

  it('gives one part labelled null when no cell has labels', async () => {
    const parts = await buildParts({ indicator: [seg('施設利用率')], target: [seg('60%')], actual: [seg('54.4%')] }, parseValueText, [], ctx);
    expect(parts).toEqual([expect.objectContaining({ label: null, indicator: '施設利用率', achievement: 0.9067, met: false })]);
  });

  it('reads the struck value, its replacement and its note as a revision', () => {
    const revs = cellRevisions('target', [seg('35%', true), seg(' 45%\n※上方修正しました。')], true);
    expect(revs).toEqual([{ field: 'target', struck: '35%', printed: '~~35%~~ 45%\n※上方修正しました。', part: null, current: '45%', note: '※上方修正しました。' }]);
    const inPhrase = cellRevisions('indicator', [seg('①マイナンバーカード'), seg('交付率', true), seg('保有枚数率')], true);
    expect(inPhrase[0]).toMatchObject({ part: '①', struck: '交付率', current: 'マイナンバーカード保有枚数率', note: null });
  });
});

describe('achievement', () => {
  const v = (text: string, number: number | null, unit: string | null, qualifier: string | null = null, kind: Value['kind'] = 'count'): Value =>
    ({ text, number, unit, kind, qualifier, items: null, previous: null, note: null });

  it('is actual / target when higher is better', () => {
    expect(assess('higher', v('12件', 12, '件'), v('21件', 21, '件'))).toEqual({ achievement: 1.75, met: true });
  });

  it('is inverted for amounts to be reduced', () => {
    expect(assess('lower', v('267時間', 267, '時間'), v('297時間', 297, '時間'))).toEqual({ achievement: 0.899, met: false });
    expect(assess('lower', v('84,970枚(約3.3割減)', 84970, '枚', '約3.3割減'), v('71,939枚', 71939, '枚'))).toEqual({ achievement: 1.1811, met: true });
  });

  it('is not inverted when the value is itself a reduction rate', () => {
    expect(assess('higher', v('2020年度比 30%減', 30, '%', '2020年度比 減'), v('27.8%減', 27.8, '%', '減'))).toEqual({ achievement: 0.9267, met: false });
    expect(assess('higher', v('30%/年', 30, '%/年'), v('58%/年', 58, '%/年'))).toEqual({ achievement: 1.9333, met: true });
  });

  it('meets a qualitative target when the result repeats it', () => {
    expect(assess(null, v('実施', null, null, null, 'done'), v('実施', null, null, null, 'done'))).toEqual({ achievement: null, met: true });
    expect(assess(null, v('外部委員会の開催', null, null, null, 'done'), v('開催', null, null, null, 'done')).met).toBe(true);
    expect(assess(null, v('導入', null, null, null, 'done'), v('試行運用開始', null, null, null, 'done')).met).toBeNull();
  });

  it('is not judged when the direction is not known', () => {
    expect(assess(null, v('12件', 12, '件'), v('21件', 21, '件'))).toEqual({ achievement: null, met: null });
  });

  it('has no ratio for a target of zero, but is met by the direction', () => {
    expect(assess('lower', v('0件', 0, '件'), v('0件', 0, '件'))).toEqual({ achievement: null, met: true });
    expect(assess('lower', v('0件', 0, '件'), v('2件', 2, '件'))).toEqual({ achievement: null, met: false });
  });

  it('bounds the comparison as printed: 未満 is strict', () => {
    expect(assess('lower', v('10分未満', 10, '分', '未満'), v('10分', 10, '分')).met).toBe(false);
    expect(assess('lower', v('10分以下', 10, '分', '以下'), v('10分', 10, '分')).met).toBe(true);
  });

  it('compares labelled items one by one: met only when every one is', () => {
    const items = (text: string, ...n: number[]): Value => ({ ...v(text, null, null, null, 'percent'), items: ['午前', '午後', '夜間'].map((label, i) => ({ label, number: n[i], unit: '%' })) });
    expect(assess('higher', items('午前50% 午後55% 夜間26%', 50, 55, 26), items('午前47.9% 午後54.2% 夜間18.0%', 47.9, 54.2, 18))).toEqual({ achievement: null, met: false });
    expect(assess('higher', items('午前50% 午後55% 夜間26%', 50, 55, 26), items('午前51% 午後55% 夜間30%', 51, 55, 30))).toEqual({ achievement: null, met: true });
  });

  it('compares money with and without a scale word', () => {
    expect(assess('higher', v('50万円', 500000, '万円', null, 'money'), v('600,000円', 600000, '円', null, 'money'))).toEqual({ achievement: 1.2, met: true });
  });

  it('cannot compare different units', () => {
    expect(assess('higher', v('4回', 4, '回'), v('10種', 10, '種'))).toEqual({ achievement: null, met: null });
  });
});

describe('rating check', () => {
  // Checked by hand against the printed numbers: 施設利用率 45% target, 44.4% result, rated C; 時間外勤務時間数
  // ① 30%減 target, 27.8%減 result, rated C; マイナンバーカード保有枚数率 ① 79.2% target, 74.2% result, rated C.
  it('warns where the printed rating contradicts the result', async () => {
    const doc = await extractFile(fixture('sample-calc.pdf'));
    const mismatches = doc.warnings.filter((w) => w.code === 'RATING_MISMATCH').map((w) => `${w.department} #${w.rank}`);
    expect(mismatches).toEqual(['市民部市民課 #5', '市民部市民課 #6', '市民部市民課 マイナンバー担当 #1']);
  });
});


describe('parts labelled (1), (2)', () => {
  it('aligns parenthesized labels the same way as circled numbers', async () => {
    const parts = await buildParts(
      { indicator: [seg('(1)件数\n(2)回数')], target: [seg('(1)10件\n(2)3回')], actual: [seg('（1）12件\n（2）2回')] },
      parseValueText, [], ctx,
    );
    expect(parts.map((p) => [p.label, p.indicator, p.target?.number, p.actual?.number, p.met])).toEqual([
      ['(1)', '件数', 10, 12, true],
      ['(2)', '回数', 3, 2, false],
    ]);
  });
});
