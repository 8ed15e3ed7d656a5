import type { Value } from '../schema.js';
import type { Token, Tokenizer } from './tokenizer.js';

export type ParsedValue = Omit<Value, 'previous' | 'note'>;

/** A bare number or percentage needs no morphological analysis. */
const PLAIN_NUMBER = /^([0-9]+(?:,[0-9]{3})*(?:\.[0-9]+)?)(%?)$/;

/** Whether parsing this text needs the tokenizer (anything beyond a bare number or percentage). */
export function needsTokenizer(text: string): boolean {
  const t = cleanValueText(text);
  return t !== '' && !PLAIN_NUMBER.test(t);
}

/** Removes a leading bullet and surrounding blanks; joins the lines of a value with a space. */
export function cleanValueText(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').replace(/^[・•\s]+/u, '').replace(/\s+/g, ' ').trim();
}

const DURATION_UNITS = new Set(['時間', '日', '分', '秒', '週', '週間', 'か月', 'ヶ月', 'カ月', 'ケ月', '箇月', '年', '年間']);
const SCORE_CONTEXT = /レベル|習熟度|満足度|点数|スコア/u;

function kindOf(unit: string | null, prefix: string): ParsedValue['kind'] {
  if (unit === null) return SCORE_CONTEXT.test(prefix) ? 'score' : 'number';
  const head = unit.split('/')[0];
  if (head === '%' || head === '割') return 'percent';
  if (head.endsWith('円')) return 'money';
  if (head === '点') return 'score';
  if (DURATION_UNITS.has(head)) return 'duration';
  return 'count';
}

interface Quantity {
  start: number;
  end: number;
  number: number;
  unit: string | null;
  /** A calendar year ("2022年度"), not a quantity. */
  isYear: boolean;
  depth: number;
}

/** Parses a printed target or actual value ("35団体", "30%/年(対2022年度比)", "実施"). */
export function parseValue(raw: string, tokenizer: Tokenizer | null): ParsedValue {
  const text = cleanValueText(raw);
  const plain = PLAIN_NUMBER.exec(text);
  if (plain) {
    const unit = plain[2] ? '%' : null;
    return { text, number: Number(plain[1].replace(/,/g, '')), unit, kind: kindOf(unit, ''), qualifier: null };
  }
  if (!tokenizer) throw new Error('parseValue needs the tokenizer for: ' + text);
  const tokens = tokenizer.tokenize(text);
  const quantities = findQuantities(text, tokens);
  const main = quantities.find((q) => !q.isYear && q.depth === 0) ?? quantities.find((q) => !q.isYear) ?? null;
  if (!main) {
    return { text, number: null, unit: null, kind: isAction(tokens) ? 'done' : 'text', qualifier: null };
  }
  const prefix = text.slice(0, main.start);
  const suffix = text.slice(main.end);
  return { text, number: main.number, unit: main.unit, kind: kindOf(main.unit, prefix), qualifier: qualifierOf(prefix, suffix) };
}

function qualifierOf(prefix: string, suffix: string): string | null {
  const strip = (s: string) => s.trim().replace(/^[(（](.*)[)）]$/u, '$1').trim();
  const parts = [strip(prefix), strip(suffix)].filter(Boolean);
  return parts.length ? parts.join(' ') : null;
}

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
    const number = Number(text.slice(start, end).replace(/,/g, ''));
    const { unit, end: unitEnd, next } = unitAfter(text, tokens, i + 1, end);
    out.push({
      start,
      end: unitEnd,
      number,
      unit,
      isYear: (unit === '年度' || unit === '年') && /^[0-9]{4}$/.test(text.slice(start, end)),
      depth: depthAt(text, start),
    });
    i = next - 1;
  }
  return out;
}

/** The unit written right after a number: a counter (助数詞), a percent sign, or a noun used as one ("35団体"), with "/人"-style denominators. */
function unitAfter(text: string, tokens: Token[], k: number, end: number): { unit: string | null; end: number; next: number } {
  let unit = '';
  let pos = end;
  let next = k;
  if (text[pos] === '%') {
    unit = '%';
    pos += 1;
    while (next < tokens.length && tokens[next].start < pos) next++;
  } else {
    const t = tokens[next];
    if (t && t.start === pos && isCounter(t, tokens[next + 1])) {
      unit = t.surface;
      pos += t.surface.length;
      next++;
    }
  }
  if (unit && text[pos] === '/') {
    // A denominator: "日/人", "%/年".
    let j = next;
    while (j < tokens.length && tokens[j].start <= pos) j++;
    const d = tokens[j];
    if (d && d.start === pos + 1 && d.pos === '名詞' && d.surface.length <= 2) {
      unit += '/' + d.surface;
      pos = d.start + d.surface.length;
      next = j + 1;
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
