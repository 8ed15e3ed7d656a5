import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { extractFile } from '../src/index.js';
import { mergeDocuments } from '../src/merge.js';
import { departmentLevels, fiscalYearOf, yearInText } from '../src/records/edition.js';
import { MergedDocumentSchema, type PlanDocument } from '../src/schema.js';
import { cli, fixture } from './helpers/cli.js';
import { testDir } from './helpers/temp.js';

// fixtures/editions-*.pdf (scripts/make-html-fixtures.mjs): three editions of one year. The year-start edition has
// 推進課 plans 窓口サービスの向上 (target ①75% ②15分) and 業務の効率化; the mid-year edition inserts 地域説明会の開催
// at 順位 2 and prints ①80% for the first target without a strike; the year-end edition fills every column.
const EDITIONS = ['start', 'mid', 'end'] as const;
let docs: PlanDocument[];
beforeAll(async () => {
  docs = await Promise.all(EDITIONS.map((e) => extractFile(fixture(`editions-${e}.pdf`))));
});

describe('edition and fiscal year', () => {
  it('reads the edition from the columns that hold text, and the year from the title', () => {
    expect(docs.map((d) => [d.edition, d.fiscalYear, d.fiscalYearSource])).toEqual([['start', 2023, 'text'], ['mid', 2023, 'text'], ['end', 2023, 'text']]);
    expect(docs[0].sections[0].columns).toEqual(['rank', 'planType', 'item', 'activities', 'indicator', 'target']);
  });

  it('finds the samples to be year-end editions with no printed year', async () => {
    const doc = await extractFile(fixture('sample-calc.pdf'), { pages: [1, 2] });
    expect([doc.edition, doc.fiscalYear, doc.fiscalYearSource]).toEqual(['end', null, null]);
  });

  it('takes the year from the caller first, then the text, then the file name', () => {
    expect(fiscalYearOf(2022, ['2023年度 実行計画'], 'plan-2021.pdf')).toEqual({ fiscalYear: 2022, fiscalYearSource: 'option' });
    expect(fiscalYearOf(undefined, ['実行計画(年度目標)', '令和5年度 組織目標'], 'plan-2021.pdf')).toEqual({ fiscalYear: 2023, fiscalYearSource: 'text' });
    expect(fiscalYearOf(undefined, ['実行計画'], 'jikkou-keikaku_2021_nendomatsu.pdf')).toEqual({ fiscalYear: 2021, fiscalYearSource: 'fileName' });
    expect(fiscalYearOf(undefined, [], 'plan.pdf')).toEqual({ fiscalYear: null, fiscalYearSource: null });
    expect([yearInText('R6年度'), yearInText('平成31年度'), yearInText('令和元年度')]).toEqual([2024, 2019, 2019]);
  });
});

describe('部課名 levels', () => {
  it.each([
    ['市民部市民協働推進課男女平等・消費生活担当', '市民部', '市民協働推進課', '男女平等・消費生活担当'],
    ['市民部市民課 マイナンバー担当', '市民部', '市民課', 'マイナンバー担当'],
    ['市民部忠生市民センター', '市民部', '忠生市民センター', null],
    ['総務部文書課', '総務部', '文書課', null],
    ['企画政策課', null, '企画政策課', null],
  ])('%s', (name, division, section, unit) => {
    expect(departmentLevels(name)).toEqual({ division, section, unit });
  });
});

describe('plan IDs', () => {
  it('are fiscal year / 部課名 / 順位, the same on every run', async () => {
    expect(docs[2].sections.flatMap((s) => s.plans.map((p) => p.planId))).toEqual([
      '2023/市民部テスト推進課/1', '2023/市民部テスト推進課/2', '2023/市民部テスト推進課/3', '2023/市民部テスト相談課/1',
    ]);
    const again = await extractFile(fixture('editions-end.pdf'));
    expect(again.sections.flatMap((s) => s.plans.map((p) => p.planId))).toEqual(docs[2].sections.flatMap((s) => s.plans.map((p) => p.planId)));
  });
});

describe('merge', () => {
  it('gives each plan once with its editions, presence and changes', () => {
    const merged = mergeDocuments(docs);
    expect(MergedDocumentSchema.safeParse(merged).success).toBe(true);
    expect(merged.years.map((y) => [y.fiscalYear, y.editions.map((e) => [e.edition, e.file])])).toEqual([
      [2023, [['start', 'editions-start.pdf'], ['mid', 'editions-mid.pdf'], ['end', 'editions-end.pdf']]],
    ]);
    const plans = merged.years[0].plans;
    expect(plans.map((p) => [p.planId, p.item, p.presence, p.editions.map((e) => e.edition)])).toEqual([
      ['2023/市民部テスト推進課/1', '窓口サービスの向上', 'in-all', ['start', 'mid', 'end']],
      ['2023/市民部テスト推進課/2', '地域説明会の開催', 'added', ['mid', 'end']],
      ['2023/市民部テスト推進課/3', '業務の効率化', 'in-all', ['start', 'mid', 'end']],
      ['2023/市民部テスト相談課/1', '相談窓口の周知', 'in-all', ['start', 'mid', 'end']],
    ]);
    // The target changed without a strike: a change and a revision of source "edition".
    expect(plans[0].changes).toEqual([{ field: 'target', from: '①75%\n②15分', to: '①80%\n②15分', fromEdition: 'start', toEdition: 'mid' }]);
    expect(plans[0].revisions).toEqual([{ field: 'target', struck: '①75%\n②15分', printed: '①80%\n②15分', part: null, current: '①80%\n②15分', note: null, source: 'edition' }]);
    // 業務の効率化 moved from 順位 2 to 3: matched by its 取組項目, with a warning; its struck value stays a strike revision.
    expect(plans[2].changes).toEqual([{ field: 'rank', from: '2', to: '3', fromEdition: 'start', toEdition: 'mid' }]);
    expect(plans[2].revisions.map((r) => [r.field, r.struck, r.source])).toEqual([['target', '120,000枚', 'strike']]);
    expect(merged.warnings.map((w) => [w.code, w.kind, w.rank])).toEqual([['PLAN_MATCHED_BY_ITEM', 'extraction', 3]]);
    // Fields of the latest edition.
    expect(plans[0]).toMatchObject({ rating: 'C', actual: '①82%\n②14分', division: '市民部', section: 'テスト推進課', unit: null });
  });

  it('gives the same dataset from JSON outputs as from the PDFs, and writes CSV and JSONL', () => {
    const dir = testDir('merge');
    const jsons = EDITIONS.map((e) => {
      const file = path.join(dir, `${e}.json`);
      fs.writeFileSync(file, JSON.stringify(docs[EDITIONS.indexOf(e)]));
      return file;
    });
    const fromPdf = cli(['merge', ...EDITIONS.map((e) => fixture(`editions-${e}.pdf`)), '-q']);
    const fromJson = cli(['merge', ...jsons, '-q']);
    expect(fromPdf.code).toBe(0);
    expect(fromJson.stdout).toBe(fromPdf.stdout);
    const csv = cli(['merge', ...jsons, '-q', '-f', 'csv']).stdout.split('\r\n');
    expect(csv[0]).toBe('fiscalYear,planId,department,rank,item,part,indicator,target,targetEdition,actual,actualEdition,achievement,met,rating,ratingEdition,presence,editions,changes');
    expect(csv[1]).toBe('2023,2023/市民部テスト推進課/1,市民部テスト推進課,1,窓口サービスの向上,①,アンケート満足度,80%,end,82%,end,1.025,true,C,end,in-all,start;mid;end,target: start→mid');
    expect(cli(['merge', ...jsons, '-q', '-f', 'jsonl']).stdout.trim().split('\n').map((l) => JSON.parse(l).planId)).toHaveLength(4);
    const bad = cli(['merge', path.join(dir, 'nope.json')]);
    expect([bad.code, bad.stderr]).toEqual([2, `plan-extract: ${path.join(dir, 'nope.json')}: no such file or directory\n`]);
  });
});
