import { describe, expect, it } from 'vitest';
import { buildPageGrid } from '../src/grid/page.js';
import { buildSection } from '../src/records/plan.js';
import type { Warning } from '../src/schema.js';
import { assembleSections } from '../src/tables/assemble.js';
import { columnForHeader } from '../src/tables/header.js';
import { parseValueText } from '../src/values/index.js';
import { buildDocument } from '../src/document.js';
import { planPage } from './helpers/plan-page.js';
import { gridRules, h, page, textLine, v } from './helpers/primitives.js';

const HEADER = ['順位', '計画\n類型', '取組項目', '指標', '目標値'];
const title = { department: '市民部テスト課', mission: '使命の文。' };

async function run(pages: ReturnType<typeof planPage>[]) {
  const warnings: Warning[] = [];
  const sections = await Promise.all(assembleSections(pages.map(buildPageGrid), warnings).map((d) => buildSection(d, parseValueText, warnings)));
  return { sections, warnings };
}

describe('header mapping', () => {
  it.each([
    ['順位', 'rank'], ['計画\n類型', 'planType'], ['目標値に\n対する\n実績値', 'actual'], ['目標値', 'target'],
    ['評価', 'rating'], ['評価の視点', 'ratingReason'], ['上半期の状況や評価', 'firstHalf'], ['１年間の総括', 'annualSummary'],
    ['目標値(2023年度)', 'target'], ['目標値に対する実績', 'actual'], ['年度目標設定', null], ['中間確認', null], ['備考', null],
  ])('%s → %s', (text, key) => {
    expect(columnForHeader(text)).toBe(key);
  });
});

describe('sections and plans', () => {
  it('reads a year-start edition: columns it does not print are null', async () => {
    const { sections } = await run([planPage({ page: 1, title, header: HEADER, rows: [['1', '個別計画', '項目A', '件数', '10件'], ['2', '-', '項目B', '率', '5%']] })]);
    expect(sections).toHaveLength(1);
    expect(sections[0].department).toBe('市民部テスト課');
    expect(sections[0].columns).toEqual(['rank', 'planType', 'item', 'indicator', 'target']);
    const [p1, p2] = sections[0].plans;
    expect(p1).toMatchObject({ rank: 1, planType: '個別計画', item: '項目A', indicator: '件数', target: '10件', activities: null, actual: null, rating: null, pages: [1] });
    expect(p2.planType).toBeNull();
  });

  it('maps columns by header text, not by position', async () => {
    const header = ['順位', '取組項目', '目標値', '指標'];
    const { sections } = await run([planPage({ page: 1, title, header, rows: [['1', '項目', '10件', '件数']] })]);
    expect(sections[0].plans[0]).toMatchObject({ target: '10件', indicator: '件数', planType: null });
  });

  it('joins a row split across pages and skips the repeated header', async () => {
    const { sections } = await run([
      planPage({ page: 1, title, header: HEADER, rows: [['1', '個別計画', '項目A', '件数', '10件'], ['2', '個別計画', '項目B', '①率', '①5%']] }),
      planPage({ page: 2, header: HEADER, rows: [['', '', '', '②回数', '②3回'], ['3', '個別計画', '項目C', '数', '1']] }),
    ]);
    expect(sections).toHaveLength(1);
    const plans = sections[0].plans;
    expect(plans.map((p) => p.rank)).toEqual([1, 2, 3]);
    expect(plans[1]).toMatchObject({ indicator: '①率\n②回数', target: '①5%\n②3回', pages: [1, 2] });
    expect(sections[0].pages).toEqual([1, 2]);
  });

  it('goes on with the section when its title is printed again on the next page (a page header)', async () => {
    const { sections, warnings } = await run([
      planPage({ page: 1, title, header: HEADER, rows: [['1', '個別計画', '項目A', '件数', '10件'], ['2', '個別計画', '項目B', '①率', '①5%']] }),
      planPage({ page: 2, title, header: HEADER, rows: [['', '', '', '②回数', '②3回'], ['3', '個別計画', '項目C', '数', '1']] }),
    ]);
    expect(sections.map((s) => [s.department, s.mission, s.pages])).toEqual([['市民部テスト課', '使命の文。', [1, 2]]]);
    expect(sections[0].plans.map((p) => [p.rank, p.pages])).toEqual([[1, [1]], [2, [1, 2]], [3, [2]]]);
    expect(sections[0].plans[1]).toMatchObject({ indicator: '①率\n②回数', target: '①5%\n②3回' });
    expect(warnings.filter((w) => w.code === 'CONTINUATION_WITHOUT_START')).toEqual([]);
  });

  it('starts a new section at each 部課名 title', async () => {
    const { sections } = await run([
      planPage({ page: 1, title, header: HEADER, rows: [['1', '個別計画', '項目A', '件数', '10件']] }),
      planPage({ page: 2, title: { department: '市民部別課', mission: '別の使命。' }, header: HEADER, rows: [['1', '個別計画', '項目Z', '件数', '3件']] }),
    ]);
    expect(sections.map((s) => [s.department, s.mission, s.plans.length])).toEqual([
      ['市民部テスト課', '使命の文。', 1],
      ['市民部別課', '別の使命。', 1],
    ]);
  });

  it('ignores tables that are not plan tables', async () => {
    const { sections } = await run([planPage({ page: 1, header: ['氏名', '住所', '電話'], rows: [['a', 'b', 'c']] })]);
    expect(sections).toEqual([]);
  });
});

describe('other title and header layouts', () => {
  it('reads a header whose first row holds only 順位 and a group header', async () => {
    // Row 0: 順位 (two rows high) | 年度目標設定 (spans four columns); row 1: 計画類型 | 取組項目 | 指標 | 目標値.
    const segs = [
      h(40, 20, 320), h(54, 80, 320), h(68, 20, 320), h(90, 20, 320),
      v(20, 40, 90), v(80, 40, 90), v(140, 54, 90), v(200, 54, 90), v(260, 54, 90), v(320, 40, 90),
    ];
    const glyphs = [
      ...textLine('部課名：市民部テスト課', 22, 20),
      ...textLine('順位', 22, 50), ...textLine('年度目標設定', 82, 50),
      ...textLine('計画類型', 82, 64), ...textLine('取組項目', 142, 64), ...textLine('指標', 202, 64), ...textLine('目標値', 262, 64),
      ...textLine('1', 22, 80), ...textLine('個別計画', 82, 80), ...textLine('項目A', 142, 80), ...textLine('件数', 202, 80), ...textLine('10件', 262, 80),
    ];
    const { sections } = await run([page(1, glyphs, segs)]);
    expect(sections.map((s) => s.department)).toEqual(['市民部テスト課']);
    expect(sections[0].columns).toEqual(['rank', 'planType', 'item', 'indicator', 'target']);
    expect(sections[0].plans[0]).toMatchObject({ rank: 1, planType: '個別計画', item: '項目A', indicator: '件数', target: '10件' });
  });

  it('reads a title printed as a label and value in one cell', async () => {
    const segs = [...gridRules([20, 320], [10, 24]), ...gridRules([20, 80, 140, 200], [40, 54, 68])];
    const glyphs = [
      ...textLine('部課名 市民部別課', 22, 20),
      ...textLine('順位', 22, 50), ...textLine('取組項目', 82, 50), ...textLine('指標', 142, 50),
      ...textLine('2', 22, 64), ...textLine('項目B', 82, 64), ...textLine('率', 142, 64),
    ];
    const { sections } = await run([page(1, glyphs, segs)]);
    expect(sections.map((s) => [s.department, s.plans.map((p) => p.rank)])).toEqual([['市民部別課', [2]]]);
  });
});

describe('titles printed as lines of text above the table', () => {
  // A plan table below the title lines: 順位 | 取組項目 | 指標, one plan.
  const table = (top: number) => ({
    segs: gridRules([20, 80, 140, 200], [top, top + 14, top + 28]),
    glyphs: [
      ...textLine('順位', 22, top + 10), ...textLine('取組項目', 82, top + 10), ...textLine('指標', 142, top + 10),
      ...textLine('1', 22, top + 24), ...textLine('項目A', 82, top + 24), ...textLine('件数', 142, top + 24),
    ],
  });

  it('takes the lines under a bare 課の使命 label as the mission, one item per line', async () => {
    const t = table(70);
    const glyphs = [
      ...textLine('部課名：市民部テスト課', 20, 20),
      ...textLine('課の使命：', 20, 30),
      ...textLine('・窓口を運営します。', 20, 40),
      ...textLine('・相談に応じます。', 20, 50),
      ...t.glyphs,
    ];
    const { sections } = await run([page(1, glyphs, t.segs)]);
    expect(sections.map((s) => [s.department, s.mission, s.plans.length])).toEqual([['市民部テスト課', '・窓口を運営します。\n・相談に応じます。', 1]]);
  });

  it('joins a mission wrapped at the right margin to its label line', async () => {
    const t = table(70);
    // The free lines start at x = 20, so they wrap at 842 - 20 = 822: the label, a blank and 128 wide
    // characters of 6 pt end at 815, less than a character short of it.
    const first = '課の使命 ' + '市'.repeat(128);
    const glyphs = [...textLine('部課名：市民部テスト課', 20, 20), ...textLine(first, 20, 30), ...textLine('民の暮らしを支えます。', 20, 38), ...t.glyphs];
    const { sections } = await run([page(1, glyphs, t.segs)]);
    expect(sections[0].mission).toBe('市'.repeat(128) + '民の暮らしを支えます。');
  });

  it('takes the line under a bare 部課名 label as the department, and no line further down', async () => {
    const t = table(90);
    const glyphs = [...textLine('部課名', 20, 20), ...textLine('市民部テスト課', 20, 28), ...textLine('(単位:件)', 20, 60), ...t.glyphs];
    const warnings: Warning[] = [];
    const pageText: { page: number; text: string }[] = [];
    const drafts = assembleSections([buildPageGrid(page(1, glyphs, t.segs))], warnings, pageText);
    expect(drafts.map((d) => [d.department, d.mission, d.plans.length])).toEqual([['市民部テスト課', '', 1]]);
    expect(pageText).toEqual([{ page: 1, text: '(単位:件)' }]);
  });

  it('keeps a bare label with no line under it as page text', async () => {
    const t = table(70);
    const glyphs = [...textLine('部課名：市民部テスト課', 20, 20), ...textLine('課の使命', 20, 50), ...t.glyphs];
    const pageText: { page: number; text: string }[] = [];
    const drafts = assembleSections([buildPageGrid(page(1, glyphs, t.segs))], [], pageText);
    expect(drafts.map((d) => [d.department, d.mission])).toEqual([['市民部テスト課', '']]);
    expect(pageText).toEqual([{ page: 1, text: '課の使命' }]);
  });
});

describe('a page range that starts inside a section', () => {
  it('keeps the plans of a table that has no 部課名 before it, with a warning', async () => {
    const { sections, warnings } = await run([planPage({ page: 5, header: HEADER, rows: [['3', '個別計画', '項目C', '数', '1件']] })]);
    expect(sections.map((s) => [s.department, s.plans.map((p) => p.rank)])).toEqual([['', [3]]]);
    expect(warnings).toEqual([{ code: 'SECTION_TITLE_MISSING', message: 'a plan table with no 部課名 title before it', page: 5 }]);
  });
});

describe('nothing dropped silently', () => {
  it('warns of text in a plan table that is in no title, header or plan', async () => {
    // Row 0: a note under the title rows, before the header row.
    const segs = gridRules([20, 80, 140, 200], [40, 54, 68, 82]);
    const glyphs = [
      ...textLine('部課名：市民部テスト課', 22, 30),
      ...textLine('注記', 22, 50),
      ...textLine('順位', 22, 64), ...textLine('取組項目', 82, 64), ...textLine('指標', 142, 64),
      ...textLine('1', 22, 78), ...textLine('項目A', 82, 78), ...textLine('件数', 142, 78),
    ];
    const { sections, warnings } = await run([page(1, glyphs, segs)]);
    expect(sections[0].plans.map((p) => p.item)).toEqual(['項目A']);
    expect(warnings).toEqual([{ code: 'GLYPHS_UNPLACED', message: 'text in a plan table outside its title, header and plans: 注記', page: 1 }]);
  });

  it('warns of a plan table whose header has no row below it', async () => {
    const { sections, warnings } = await run([planPage({ page: 1, title, header: HEADER, rows: [] })]);
    expect(sections[0].plans).toEqual([]);
    expect(warnings.map((w) => w.code)).toEqual(['SECTION_WITHOUT_PLANS']);
  });

  it('keeps text outside every table in pageText, and warns of text beside a plan table', () => {
    const p = planPage({ page: 3, title, header: HEADER, rows: [['1', '個別計画', '項目A', '件数', '10件']] });
    p.glyphs.push(...textLine('実行計画(年度目標)', 300, 10), ...textLine('はみ出した文', 100, 200), ...textLine('- 3 -', 150, 580));
    const warnings: Warning[] = [];
    const pageText: { page: number; text: string }[] = [];
    assembleSections([buildPageGrid(p)], warnings, pageText);
    expect(pageText).toEqual([
      { page: 3, text: '実行計画(年度目標)' },
      { page: 3, text: 'はみ出した文' },
      { page: 3, text: '- 3 -' },
    ]);
    expect(warnings).toEqual([{ code: 'TEXT_OUTSIDE_TABLE', message: 'text beside a plan table in no cell: はみ出した文', page: 3 }]);
  });

  it('says why a document with tables gave no plan', () => {
    const pages = [buildPageGrid(planPage({ page: 2, header: ['順位', '氏名', '取組項目'], rows: [['1', 'a', 'b']] }))];
    expect(() => buildDocument({ pages, glyphCount: 10, warnings: [] }, { file: 'x.pdf', sha256: '0'.repeat(64), pageCount: 2 }))
      .toThrow('no 実行計画 table found: too few header columns mapped on page 2 (only rank, item)');
  });
});
