import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildParts } from '../src/records/parts.js';
import type { WarningDraft } from '../src/schema.js';
import { parseValueText } from '../src/values/index.js';
import { needsTokenizer, parseValue } from '../src/values/parse.js';
import { getTokenizer, type Tokenizer } from '../src/values/tokenizer.js';

let tk: Tokenizer;
beforeAll(async () => {
  tk = await getTokenizer();
});

type Row = [text: string, number: number | null, unit: string | null, kind: string, qualifier: string | null];

// Real values from the sample publications (目標値 / 目標値に対する実績値) and the examples of the value contract.
const CASES: Row[] = [
  ['35団体', 35, '団体', 'count', null],
  ['16日/人', 16, '日/人', 'duration', null],
  ['19日/人', 19, '日/人', 'duration', null],
  ['30%/年(対2022年度比)', 30, '%/年', 'percent', '対2022年度比'],
  ['58%/年(対2022年度比)', 58, '%/年', 'percent', '対2022年度比'],
  ['2020年度比 30%減', 30, '%', 'percent', '2020年度比 減'],
  ['27.8%減', 27.8, '%', 'percent', '減'],
  ['114,140枚(4割減)', 114140, '枚', 'count', '4割減'],
  ['84,970枚(約3.3割減)', 84970, '枚', 'count', '約3.3割減'],
  ['71,939枚', 71939, '枚', 'count', null],
  ['習熟度4以上', 4, null, 'score', '習熟度 以上'],
  ['習熟度4.62', 4.62, null, 'score', '習熟度'],
  ['各1回', 1, '回', 'count', '各'],
  ['104時間', 104, '時間', 'duration', null],
  ['147時間(10%削減)', 147, '時間', 'duration', '10%削減'],
  ['42時間(74%削減)', 42, '時間', 'duration', '74%削減'],
  ['267時間', 267, '時間', 'duration', null],
  ['297時間', 297, '時間', 'duration', null],
  ['実施', null, null, 'done', null],
  ['見直し', null, null, 'done', null],
  ['開催', null, null, 'done', null],
  ['実証実施', null, null, 'done', null],
  ['システム更改', null, null, 'done', null],
  ['試行運用開始', null, null, 'done', null],
  ['部内プロジェクトチーム及び外部委員会の開催', null, null, 'done', null],
  ['4.39', 4.39, null, 'number', null],
  ['全職員の平均レベル4.2', 4.2, null, 'score', '全職員の平均レベル'],
  ['92%(50点満点中46点)', 92, '%', 'percent', '50点満点中46点'],
  ['4施設(2023年度以降も継続して実施)', 4, '施設', 'count', '2023年度以降も継続して実施'],
  ['4施設', 4, '施設', 'count', null],
  ['1回', 1, '回', 'count', null],
  ['60件', 60, '件', 'count', null],
  ['91件', 91, '件', 'count', null],
  ['3か所', 3, 'か所', 'count', null],
  ['42回', 42, '回', 'count', null],
  ['7種', 7, '種', 'count', null],
  ['10種', 10, '種', 'count', null],
  ['11種類', 11, '種類', 'count', null],
  ['85%', 85, '%', 'percent', null],
  ['76.4%', 76.4, '%', 'percent', null],
  ['38.4%', 38.4, '%', 'percent', null],
  ['79.2%', 79.2, '%', 'percent', null],
  ['・45%', 45, '%', 'percent', null],
  ['1,000円', 1000, '円', 'money', null],
];

// Values of other publications, written by hand: compound units, signs, scales, bounds and zero.
const MORE: Row[] = [
  ['5t-CO2', 5, 't-CO2', 'count', null],
  ['1,200kWh/年', 1200, 'kWh/年', 'count', null],
  ['3,000円/㎡', 3000, '円/㎡', 'money', null],
  ['250g/人日', 250, 'g/人日', 'count', null],
  ['10件/月', 10, '件/月', 'count', null],
  ['0件', 0, '件', 'count', null],
  ['10分未満', 10, '分', 'duration', '未満'],
  ['▲10%', -10, '%', 'percent', null],
  ['△5件', -5, '件', 'count', null],
  ['−10%', -10, '%', 'percent', null],
  ['-10%', -10, '%', 'percent', null],
  ['50万円', 500000, '万円', 'money', null],
  ['1,200千円', 1200000, '千円', 'money', null],
  ['3億円', 300000000, '億円', 'money', null],
  ['令和6年3月までに導入', null, null, 'done', null],
  ['2024年度中に策定', null, null, 'done', null],
  ['令和6年3月', null, null, 'date', null],
];

describe('parseValue', () => {
  it.each(MORE)('%s', (text, number, unit, kind, qualifier) => {
    const v = parseValue(text, tk);
    expect({ number: v.number, unit: v.unit, kind: v.kind, qualifier: v.qualifier }).toEqual({ number, unit, kind, qualifier });
  });

  it('reads several labelled numbers in one value as items, with no single number', () => {
    expect(parseValue('午前50% 午後55% 夜間26%', tk)).toEqual({
      text: '午前50% 午後55% 夜間26%', number: null, unit: null, kind: 'percent', qualifier: null,
      items: [{ label: '午前', number: 50, unit: '%' }, { label: '午後', number: 55, unit: '%' }, { label: '夜間', number: 26, unit: '%' }],
    });
    expect(parseValue('114,140枚(4割減)', tk).items).toBeNull();
    expect(parseValue('2020年度比 30%減', tk).items).toBeNull();
  });

  it.each(CASES)('%s', (text, number, unit, kind, qualifier) => {
    const v = parseValue(text, tk);
    expect({ number: v.number, unit: v.unit, kind: v.kind, qualifier: v.qualifier }).toEqual({ number, unit, kind, qualifier });
  });

  it('takes at least 35 of its cases from the sample publications, as printed', () => {
    const truth = fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'samples-truth.json'), 'utf8').replace(/~~/g, '');
    const printed = CASES.filter(([text]) => truth.includes(JSON.stringify(text).slice(1, -1)));
    expect(printed.length).toBeGreaterThanOrEqual(35);
  });

  it('reads "104時間" left after the struck "62" in "~~62~~104時間", and gives the struck number its unit', () => {
    const warnings: WarningDraft[] = [];
    const [part] = buildParts({ indicator: [{ text: '時間外勤務時間', struck: false }], target: [{ text: '62', struck: true }, { text: '104時間', struck: false }], actual: null }, parseValueText, warnings, { page: 1, department: '課', rank: 1 });
    expect(part.target).toMatchObject({ text: '104時間', number: 104, unit: '時間', kind: 'duration', previous: { text: '62', number: 62, unit: '時間', kind: 'duration' } });
    expect(warnings).toEqual([]);
  });

  it('never hands the tokenizer what is not text (kuromoji throws on these)', () => {
    expect(() => tk.tokenize('a\u0000b')).toThrow();
    expect(parseValue('a\u0000b', tk)).toMatchObject({ text: 'ab', kind: 'text' });
    expect(parseValue('\uD800x', tk)).toMatchObject({ text: 'x', kind: 'text' });
    expect(parseValue('12個\uD83D', tk)).toMatchObject({ text: '12個', number: 12, unit: '個' });
  });

  it('keeps plain text as text', () => {
    expect(parseValue('周知活動の充実と関係機関との連携を図る方針', tk).kind).toBe('text');
  });

  it('parses bare numbers and percentages without the tokenizer', () => {
    expect(needsTokenizer('45%')).toBe(false);
    expect(needsTokenizer('4.39')).toBe(false);
    expect(needsTokenizer('1,234')).toBe(false);
    expect(needsTokenizer('35団体')).toBe(true);
    expect(parseValue('45%', null)).toEqual({ text: '45%', number: 45, unit: '%', kind: 'percent', qualifier: null, items: null });
  });
});
