import { analysableText } from '../text/repair.js';
import type { Direction } from '../schema.js';
import type { Token } from './tokenizer.js';

export type { Direction } from '../schema.js';

/** Words that name making something smaller: 削減 (cut), 縮減, 短縮, 縮小, 低減, 減少, 抑制. */
const REDUCING = /削減|縮減|短縮|縮小|低減|減少|抑制|軽減/u;

/**
 * Heads that measure something consumed or suffered: the less the better. Matched against the
 * measured noun compound (the head of the indicator), never against the whole sentence.
 */
const CONSUMED = new RegExp([
  '使用量', '消費量', '排出量', '使用枚数', '印刷枚数', '紙', '電気', '電力', '光熱', '燃料', 'CO2', '二酸化炭素', '温室効果ガス', 'ごみ', 'ゴミ', '廃棄',
  '時間外', '残業', '超過勤務', '待ち時間', '待ち日数', '待機', '所要時間', '所要日数', '処理時間', '処理日数', '処理期間',
  '苦情', '事故', 'ミス', '誤り', 'エラー', '不備', 'トラブル', '違反', '遅延', '故障', 'クレーム', '不適正', '不具合', '事務処理誤り',
  '滞納', '未収', '未納', '欠席', '離職', '休職', '経費', 'コスト', '費用', '支出', '委託料', '負担額', '不用額', '待機児童', '空き', '未利用',
].join('|'), 'u');

/**
 * The value is itself an amount of reduction ("30%減", "2020年度比 2割削減"): then more is better.
 * Looked for outside parentheses: "147時間(10%削減)" is a level reached by reducing.
 */
const REDUCTION_VALUE = /[0-9.,]+(?:%|割|ポイント)?(?:減|削減|減少|縮減|短縮)/u;

/** Text in parentheses (an explanation: "(2022年度実績一人あたり平均163時間/年)") and ※ notes are not the indicator. */
function mainText(indicator: string): string {
  let t = indicator.replace(/※[\s\S]*$/u, '');
  for (let prev = ''; prev !== t; ) {
    prev = t;
    t = t.replace(/[(（][^()（）]*[)）]/gu, '');
  }
  return t.replace(/^[①-⑳]/u, '').trim();
}

/**
 * The measured noun compound: the last run of nouns of the indicator (its head in Japanese, which
 * puts the head last), with the clause before it.
 */
export function headOf(indicator: string, tokens: Token[]): { head: string; before: string } {
  const text = indicatorHeadText(indicator);
  let end = tokens.length;
  while (end > 0 && (tokens[end - 1].pos === '記号' || /^\s+$/.test(tokens[end - 1].surface))) end--;
  let start = end;
  while (start > 0 && tokens[start - 1].pos === '名詞') start--;
  if (start === end) return { head: text, before: '' };
  // A generic head ("件数", "時間") says what is counted with the noun before の: "事務処理誤りの件数".
  const generic = /^(?:件数|数|回数|時間|時間数|額|金額|量|率|割合|日数|人数|枚数|件)$/u.test(tokens.slice(start, end).map((t) => t.surface).join(''));
  if (generic && start >= 2 && tokens[start - 1].surface === 'の' && tokens[start - 2].pos === '名詞') {
    start -= 2;
    while (start > 0 && tokens[start - 1].pos === '名詞') start--;
  }
  const headStart = tokens[start].start;
  const last = tokens[end - 1];
  return { head: text.slice(headStart, last.start + last.surface.length), before: text.slice(0, headStart) };
}

/** The text the indicator's head is found in, on one line and repaired: what the tokenizer is given. */
export function indicatorHeadText(indicator: string): string {
  return analysableText(mainText(indicator)).replace(/\s+/g, ' ').trim();
}

export interface DirectionInput {
  indicator: string | null;
  /** Tokens of indicatorHeadText(indicator). */
  tokens: Token[] | null;
  /** The printed target and its qualifier. */
  targetText: string;
  targetQualifier: string | null;
}

/**
 * Direction of improvement, from the indicator's grammar (see README "Direction"):
 * 1. a bound printed with the target decides: 以下/未満 lower, 以上/超 higher;
 * 2. a target that is itself an amount of reduction ("30%減") is higher-is-better;
 * 3. the head noun compound of the 指標 names what is measured: an amount of reduction
 *    (削減率, 削減時間, 縮小時間) or a head modified by a reducing clause (削減した…時間数) is
 *    higher-is-better; a head naming something consumed or suffered (紙使用量, 時間外勤務, 苦情件数)
 *    is lower-is-better, and so is "…の削減" / "…の抑制" (the aim is to reduce what comes before);
 * 4. a target stated as a level after a reduction ("147時間(10%削減)") is lower-is-better;
 * 5. any other indicator counts something achieved: higher-is-better.
 * Null when there is no indicator to read.
 */
export function directionOf(input: DirectionInput): Direction | null {
  const q = input.targetQualifier ?? '';
  if (/以下|未満/u.test(q)) return 'lower';
  if (/以上|超/u.test(q)) return 'higher';
  const target = input.targetText.replace(/\s+/g, '');
  if (REDUCTION_VALUE.test(mainText(target))) return 'higher';
  if (!input.indicator || !input.tokens) return null;
  const { head, before } = headOf(input.indicator, input.tokens);
  if (REDUCING.test(head)) {
    // "紙使用量の削減": the head is the act of reducing what comes before it.
    const reducedThing = /^(?:削減|縮減|抑制|低減|減少|軽減)$/u.test(head) && /の$/u.test(before);
    return reducedThing ? 'lower' : 'higher';
  }
  // A reducing clause right before the head: "削減した会議等に係る業務時間数" counts what was saved.
  const clause = before.split(/[、,。]/u).pop() ?? '';
  if (new RegExp(`(?:${REDUCING.source})(?:し|され|でき|する)|減らし|減らす|減らせ`, 'u').test(clause)) return 'higher';
  if (CONSUMED.test(head)) return 'lower';
  if (/(?:削減|減)\)?$/u.test(q) || /[(（][^()（）]*(?:削減|減)[)）]/u.test(target)) return 'lower';
  return 'higher';
}
