import type { Value } from '../schema.js';
import { analysableText } from '../text/repair.js';
import type { Token, Tokenizer } from './tokenizer.js';

/** A printed value as the parser reads it; the revision stage adds `previous` and `note`. */
export type PrintedValue = Omit<Value, 'previous' | 'note'>;
type Item = NonNullable<Value['items']>[number];

/** A bare number or percentage needs no morphological analysis. */
const PLAIN_NUMBER = /^([0-9]+(?:,[0-9]{3})*(?:\.[0-9]+)?)(%?)$/;

/** Whether parsing this text needs the tokenizer (anything beyond a bare number or percentage). */
export function needsTokenizer(text: string): boolean {
  const t = cleanValueText(text);
  return t !== '' && !PLAIN_NUMBER.test(t);
}

/**
 * Removes a leading bullet and surrounding blanks; joins the lines of a value with a space. What
 * is not text (control characters, lone surrogates) never reaches the tokenizer.
 */
export function cleanValueText(text: string): string {
  return analysableText(text).replace(/\s*\n\s*/g, ' ').replace(/^[・•\s]+/u, '').replace(/\s+/g, ' ').trim();
}

const DURATION_UNITS = new Set(['時間', '日', '分', '秒', '週', '週間', 'か月', 'ヶ月', 'カ月', 'ケ月', '箇月', '年', '年間']);
const SCORE_CONTEXT = /レベル|習熟度|満足度|点数|スコア/u;

function kindOf(unit: string | null, prefix: string): Value['kind'] {
  if (unit === null) return SCORE_CONTEXT.test(prefix) ? 'score' : 'number';
  const head = unit.split('/')[0];
  if (head === '%' || head === '割') return 'percent';
  if (head.endsWith('円')) return 'money';
  if (head === '点') return 'score';
  if (DURATION_UNITS.has(head)) return 'duration';
  return 'count';
}

interface Quantity {
  /** Where the quantity starts, its sign included. */
  signStart: number;
  start: number;
  end: number;
  number: number;
  unit: string | null;
  /** A calendar year ("2022年度"), not a quantity. */
  isYear: boolean;
  depth: number;
}

/** Parses a printed target or actual value ("35団体", "30%/年(対2022年度比)", "実施"). */
export function parseValue(raw: string, tokenizer: Tokenizer | null): PrintedValue {
  const text = cleanValueText(raw);
  const plain = PLAIN_NUMBER.exec(text);
  if (plain) {
    const unit = plain[2] ? '%' : null;
    return { text, number: Number(plain[1].replace(/,/g, '')), unit, kind: kindOf(unit, ''), qualifier: null, items: null };
  }
  if (!tokenizer) throw new Error('parseValue needs the tokenizer for: ' + text);
  const tokens = tokenizer.tokenize(text);
  const quantities = findQuantities(text, tokens);
  const items = labelledItems(text, quantities);
  if (items) return { text, number: null, unit: null, kind: kindOf(items[0].unit, ''), qualifier: null, items };
  const main = quantities.find((q) => !q.isYear && q.depth === 0) ?? quantities.find((q) => !q.isYear) ?? null;
  if (!main) {
    // Only dates: a deadline ("令和6年3月までに導入") is a qualitative target; a bare date is a date.
    const kind = isAction(tokens) ? 'done' : quantities.length ? 'date' : 'text';
    return { text, number: null, unit: null, kind, qualifier: null, items: null };
  }
  const prefix = text.slice(0, main.signStart);
  const suffix = text.slice(main.end);
  return { text, number: main.number, unit: main.unit, kind: kindOf(main.unit, prefix), qualifier: qualifierOf(prefix, suffix), items: null };
}

/**
 * Several labelled numbers in one value ("午前50% 午後55% 夜間26%"): every quantity outside
 * parentheses has a short label of words before it. Null for a single value.
 */
function labelledItems(text: string, quantities: Quantity[]): Item[] | null {
  const main = quantities.filter((q) => !q.isYear && q.depth === 0);
  if (main.length < 2) return null;
  const items: Item[] = [];
  let from = 0;
  for (const q of main) {
    const label = text.slice(from, q.signStart).replace(/[\s、,・/／:：]+/gu, ' ').trim();
    if (!label || label.length > 10 || /[0-9()（）]/.test(label)) return null;
    items.push({ label, number: q.number, unit: q.unit });
    from = q.end;
  }
  return text.slice(from).trim() ? null : items;
}

function qualifierOf(prefix: string, suffix: string): string | null {
  const strip = (s: string) => s.trim().replace(/^[(（](.*)[)）]$/u, '$1').trim();
  const parts = [strip(prefix), strip(suffix)].filter(Boolean);
  return parts.length ? parts.join(' ') : null;
}

/** Signs of a negative number as publications print them: ▲ and △ (Japanese accounting), minus, hyphen. */
const MINUS = /[▲△−\-]/u;

/** Scale words before a unit: "50万円" is 500,000 円. */
const SCALES: [string, number][] = [['百万', 1e6], ['十万', 1e5], ['万', 1e4], ['千', 1e3], ['億', 1e8]];

/** Eras that date a year: "令和6年" is a date, not six years. */
const ERA = /(?:令和|平成|昭和|R|H)\s*$/u;

function findQuantities(text: string, tokens: Token[]): Quantity[] {
  const out: Quantity[] = [];
  const isDigits = (t: Token) => t.pos === '名詞' && t.pos1 === '数' && /^[0-9]+$/.test(t.surface);
  for (let i = 0; i < tokens.length; i++) {
    if (!isDigits(tokens[i])) continue;
    const start = tokens[i].start;
    let end = start + tokens[i].surface.length;
    // kuromoji splits "114,140" and "3.3" into number, separator, number.
    while (i + 2 < tokens.length && /^[,.]$/.test(tokens[i + 1].surface) && isDigits(tokens[i + 2]) && tokens[i + 1].start === end) {
      if (tokens[i + 1].surface === ',' && tokens[i + 2].surface.length !== 3) break;
      end = tokens[i + 2].start + tokens[i + 2].surface.length;
      i += 2;
    }
    let number = Number(text.slice(start, end).replace(/,/g, ''));
    // A sign right before the number (not a range "1-2" or a date "2024-3").
    const negative = start > 0 && MINUS.test(text[start - 1]) && !/[0-9]/.test(text[start - 2] ?? '');
    if (negative) number = -number;
    const scale = SCALES.find(([word]) => text.startsWith(word, end));
    let next = i + 1;
    let unitFrom = end;
    if (scale) {
      unitFrom = end + scale[0].length;
      while (next < tokens.length && tokens[next].start < unitFrom) next++;
    }
    // A month or day of a date: "2024年3月", "令和6年3月までに", "3月末".
    const dateWord = /^(?:月|日)/u.exec(text.slice(end));
    const datePart = dateWord !== null && (out.some((q) => q.isYear && q.end === start) || /^(?:月|日)(?:末|中|まで|迄|以降|から)/u.test(text.slice(end)));
    const after = datePart ? { unit: dateWord![0], end: end + 1, next: tokens.findIndex((t) => t.start >= end + 1) } : unitAfter(text, tokens, next, unitFrom);
    if (after.next < 0) after.next = tokens.length;
    const unit = after.unit === null ? null : (scale ? scale[0] : '') + after.unit;
    if (scale && after.unit !== null) number *= scale[1];
    const digits = text.slice(start, end);
    const isYear = datePart || ((unit === '年度' || unit === '年') && (/^[0-9]{4}$/.test(digits) || ERA.test(text.slice(0, start))));
    out.push({ signStart: negative ? start - 1 : start, start, end: after.end, number, unit, isYear, depth: depthAt(text, start) });
    i = after.next - 1;
  }
  return out;
}

/** The unit written right after a number: a counter (助数詞), a percent sign, or a noun used as one ("35団体"), with "/人"-style denominators. */
function unitAfter(text: string, tokens: Token[], k: number, end: number): { unit: string | null; end: number; next: number } {
  let unit = '';
  let pos = end;
  let next = k;
  const latin = /^(?:[A-Za-zµ]+(?:-?[A-Za-z0-9]+)*|[㎡㎥㎏㎞㎝㎜℃])/u.exec(text.slice(pos));
  if (text[pos] === '%') {
    unit = '%';
    pos += 1;
  } else if (latin) {
    // A unit written in Latin letters or a unit symbol: "kWh", "t-CO2", "㎡".
    unit = latin[0];
    pos += unit.length;
  } else {
    const t = tokens[next];
    if (t && t.start === pos && isCounter(t, tokens[next + 1])) {
      unit = t.surface;
      pos += t.surface.length;
    }
  }
  while (next < tokens.length && tokens[next].start < pos) next++;
  const symbol = unit ? /^\/([㎡㎥㎏㎞]|[A-Za-z]{1,3}(?![A-Za-z]))/u.exec(text.slice(pos)) : null;
  if (symbol) {
    unit += symbol[0];
    pos += symbol[0].length;
    while (next < tokens.length && tokens[next].start < pos) next++;
  } else if (unit && text[pos] === '/') {
    // A denominator of nouns or a unit symbol: "日/人", "%/年", "g/人日", "円/㎡", "kWh/年".
    let j = next;
    while (j < tokens.length && tokens[j].start <= pos) j++;
    let denominator = '';
    while (j < tokens.length && tokens[j].start === pos + 1 + denominator.length && denominator.length < 3
      && (tokens[j].pos === '名詞' || /^[㎡㎥㎏㎞A-Za-z]+$/u.test(tokens[j].surface)) && !/^[0-9\p{P}]/u.test(tokens[j].surface)) {
      denominator += tokens[j].surface;
      j++;
    }
    if (denominator && denominator.length <= 3) {
      unit += '/' + denominator;
      pos += 1 + denominator.length;
      next = j;
    }
  }
  return { unit: unit || null, end: pos, next };
}

function isCounter(t: Token, after: Token | undefined): boolean {
  if (t.pos !== '名詞') return false;
  if (t.pos2 === '助数詞') return true;
  // A noun directly after a number ends the value or its phrase: "35団体", "4施設", "11種類".
  const endsPhrase = !after || /^[\s(（)）/、,。]/.test(after.surface) || after.pos === '記号';
  return (t.pos1 === '一般' || t.pos1 === 'サ変接続' || t.pos1 === '接尾') && endsPhrase && !/^[\p{P}\p{S}]/u.test(t.surface);
}

function depthAt(text: string, index: number): number {
  let depth = 0;
  for (let i = 0; i < index; i++) {
    if (text[i] === '(' || text[i] === '（') depth++;
    else if ((text[i] === ')' || text[i] === '）') && depth > 0) depth--;
  }
  return depth;
}

/** A qualitative target ends with an action noun: 実施, 開催, システム更改, 見直し. */
function isAction(tokens: Token[]): boolean {
  const content = tokens.filter((t) => t.pos !== '記号' && !/^[\s()（）]+$/.test(t.surface));
  const last = content[content.length - 1];
  if (!last || last.pos !== '名詞') return false;
  if (last.pos1 === 'サ変接続') return true;
  // A noun made from a verb's 連用形: 見直し, 取組, 引き下げ.
  return last.pos1 === '一般' && /[いきしちにひみりぎじびぃけげせてねべめれえ]$/u.test(last.surface) && last.surface.length >= 2;
}
