import { beforeAll, describe, expect, it } from 'vitest';
import { extractFile } from '../src/index.js';
import type { PlanDocument } from '../src/schema.js';
import { fixture } from './helpers/cli.js';

// fixtures/synthetic-a3-mincho.pdf (scripts/make-synthetic-publication.mjs) differs from the samples in
// every way the samples could have been tuned to: paper (A3), font (IPAex Mincho, 9 pt), producer
// (pdf-lib, text drawn glyph by glyph), edition (year-start, 6 columns), title rows inside the table grid,
// rules stroked cell by cell with overlaps, 0.4 pt stroked strike lines, a row continued on page 2.
let doc: PlanDocument;
beforeAll(async () => {
  doc = await extractFile(fixture('synthetic-a3-mincho.pdf'));
});

describe('a publication unlike the samples', () => {
  it('finds both sections, the year-start columns and no warnings', () => {
    expect(doc.sections.map((s) => [s.department, s.mission, s.pages, s.plans.length])).toEqual([
      ['総務部情報政策課', 'デジタル技術を活用し、市民サービスの向上と業務の効率化を進めます。', [1, 2], 3],
      ['総務部文書課', '公文書を適切に管理し、市民への説明責任を果たします。', [2], 1],
    ]);
    expect(doc.sections[0].columns).toEqual(['rank', 'planType', 'item', 'activities', 'indicator', 'target']);
    expect(doc.warnings).toEqual([]);
  });

  it('reads a struck value and its replacement in a part', () => {
    const plan = doc.sections[0].plans[0];
    expect(plan).toMatchObject({
      rank: 1,
      planType: '経営改革プラン',
      item: '行政手続のオンライン化',
      activities: '①電子申請システムで申請できる手続を拡充します。\n②窓口での手続時間を短縮します。',
      indicator: '①オンライン申請できる手続数\n②窓口の平均待ち時間',
      target: '①100手続\n※国の方針に合わせ上方修正しました。\n②15分',
      actual: null,
      rating: null,
    });
    expect(plan.revisions).toEqual([{
      field: 'target', struck: '80手続', printed: '①~~80手続~~ 100手続\n※国の方針に合わせ上方修正しました。\n②15分',
      part: '①', current: '100手続', note: '※国の方針に合わせ上方修正しました。',
    }]);
    expect(plan.parts.map((p) => [p.label, p.indicator, p.target?.number, p.target?.unit, p.target?.previous?.number ?? null])).toEqual([
      ['①', 'オンライン申請できる手続数', 100, '手続', 80],
      ['②', '窓口の平均待ち時間', 15, '分', null],
    ]);
  });

  it('joins the row continued on the next page and follows a strike that wraps onto a second line', () => {
    const plan = doc.sections[0].plans[1];
    expect(plan.rank).toBe(2);
    expect(plan.planType).toBeNull();
    expect(plan.pages).toEqual([1, 2]);
    const items = plan.activities!.split('\n');
    expect(items).toHaveLength(9);
    expect(items[0]).toBe('・研修1:情報セキュリティとデータ活用の基礎を学ぶ研修を年2回実施し、受講後に理解度を確認します。');
    expect(items[8]).toBe('・研修9:情報セキュリティとデータ活用の基礎を学ぶ研修を年10回実施し、受講後に理解度を確認します。');
    expect(plan.target).toBe('全職員の60%');
    expect(plan.revisions.map((r) => [r.struck, r.current])).toEqual([['研修を受講した職員を全職員の半数とする', '全職員の60%']]);
  });

  it('does not take an underline for a strike, and normalizes full-width digits', () => {
    expect(doc.sections[0].plans[2]).toMatchObject({ rank: 3, target: '実施', revisions: [], pages: [2] });
    expect(doc.sections[1].plans[0]).toMatchObject({ rank: 1, target: '50%', parts: [expect.objectContaining({ target: expect.objectContaining({ number: 50, unit: '%' }) })] });
  });
});
