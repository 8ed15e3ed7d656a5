import { COLUMN_KEYS, type ColumnKey } from '../schema.js';
import { compact, HEADER_NAMES } from './header.js';

/** The phase a group header (年度目標設定 / 中間確認 / 年度末確認) puts the columns under it in. */
export type Phase = 'plan' | 'mid' | 'end';

/** A printed column header: its text, where it is, and the group header above it. */
export interface HeaderCell {
  text: string;
  x0: number;
  x1: number;
  phase: Phase | null;
}

/** Each field's phase; the first three stand outside the groups in every edition seen. */
const FIELD_PHASE: Record<ColumnKey, Phase | null> = {
  rank: null, planType: null, item: null,
  activities: 'plan', indicator: 'plan', target: 'plan',
  progress: 'mid', firstHalf: 'mid', secondHalfPlan: 'mid',
  annualSummary: 'end', actual: 'end', rating: 'end', ratingReason: 'end', challenges: 'end',
};

/** The phase a group header names, from the words offices use for it; null for any other text. */
export function phaseOf(text: string): Phase | null {
  const t = compact(text);
  if (/中間|上半期/.test(t)) return 'mid';
  if (/年度末|期末|最終|年度終了/.test(t)) return 'end';
  if (/目標設定|年度目標|当初|計画/.test(t)) return 'plan';
  return null;
}

/**
 * A header text matches a field's name when their character bigrams agree at least this much
 * (Dice coefficient, see similarity): "上半期の実施状況・評価" against "上半期の状況や評価" is 0.64,
 * against "評価" 0.27; unrelated words ("担当", "予算額") score 0 against every name.
 */
const MIN_SIMILARITY = 0.3;

/** The text a header is compared by: NFKC, no blanks, no parenthesised additions ("目標値(2023年度)"). */
function headerKey(text: string): string {
  return compact(text).replace(/\([^()]*\)/g, '');
}

function bigrams(s: string): string[] {
  const padded = `^${s}$`;
  return Array.from({ length: padded.length - 1 }, (_, i) => padded.slice(i, i + 2));
}

/**
 * Dice coefficient of the two texts' character bigrams, with the start and end marked so that
 * one-character names ("評価" has three bigrams: ^評, 評価, 価$) compare too.
 */
export function similarity(a: string, b: string): number {
  const x = bigrams(a);
  const y = bigrams(b);
  const rest = [...y];
  let common = 0;
  for (const g of x) {
    const k = rest.indexOf(g);
    if (k >= 0) {
      common++;
      rest.splice(k, 1);
    }
  }
  return (2 * common) / (x.length + y.length);
}

/** The best similarity of a header text to any of a field's names. */
function fieldScore(text: string, key: ColumnKey): number {
  return Math.max(...HEADER_NAMES[key].map((name) => similarity(text, name)));
}

export interface ColumnAssignment {
  /** The field each header cell (in the order given) maps to, or null (a column no field matches). */
  keys: (ColumnKey | null)[];
  /** Fields printed twice with the same name (the first is used). */
  duplicates: ColumnKey[];
}

/**
 * Maps printed header cells to the 14 fields as one assignment. A cell printed with a known name
 * is that field (an anchor). Every other cell takes, in one order-preserving alignment (dynamic
 * programming over cells and fields, left to right), the field that scores best by similarity,
 * among the fields its group header allows (a cell under 中間確認 is a 中間 field) and that lie
 * between the anchors to its left and right in the canonical order; each field at most once.
 * A cell that matches no allowed field well enough maps to null: its text is kept as an extra.
 */
export function assignColumns(cells: HeaderCell[]): ColumnAssignment {
  const order = cells.map((_, i) => i).sort((a, b) => cells[a].x0 - cells[b].x0);
  const keys: (ColumnKey | null)[] = cells.map(() => null);
  const duplicates: ColumnKey[] = [];
  const used = new Set<ColumnKey>();
  for (const i of order) {
    const key = exactField(cells[i].text);
    if (!key) continue;
    if (used.has(key)) duplicates.push(key);
    else {
      keys[i] = key;
      used.add(key);
    }
  }
  const index = (k: ColumnKey) => COLUMN_KEYS.indexOf(k);
  const rest = order.filter((i) => keys[i] === null && !duplicates.includes(exactField(cells[i].text)!));
  // Allowed fields of each remaining cell: free, in its phase, between its neighbouring anchors.
  const allowed = rest.map((i) => {
    const pos = order.indexOf(i);
    const left = order.slice(0, pos).map((j) => keys[j]).filter((k): k is ColumnKey => k !== null).map(index);
    const right = order.slice(pos + 1).map((j) => keys[j]).filter((k): k is ColumnKey => k !== null).map(index);
    let lo = left.length ? Math.max(...left) : -1;
    let hi = right.length ? Math.min(...right) : COLUMN_KEYS.length;
    if (lo >= hi) [lo, hi] = [-1, COLUMN_KEYS.length]; // anchors out of the usual order: no bound from them
    const phase = cells[i].phase;
    return COLUMN_KEYS.map((k, f) => !used.has(k) && f > lo && f < hi && (phase === null || FIELD_PHASE[k] === null || FIELD_PHASE[k] === phase));
  });
  const text = rest.map((i) => headerKey(cells[i].text));
  const score = (c: number, f: number) => {
    if (!allowed[c][f] || !text[c]) return 0;
    const s = fieldScore(text[c], COLUMN_KEYS[f]);
    return s >= MIN_SIMILARITY ? s : 0;
  };
  // best[c][f]: the best total for the first c cells using fields before f.
  const n = rest.length;
  const m = COLUMN_KEYS.length;
  const best = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let c = 1; c <= n; c++) {
    for (let f = 1; f <= m; f++) {
      const s = score(c - 1, f - 1);
      best[c][f] = Math.max(best[c - 1][f], best[c][f - 1], s > 0 ? best[c - 1][f - 1] + s : -Infinity);
    }
  }
  for (let c = n, f = m; c > 0 && f > 0; ) {
    if (best[c][f] === best[c - 1][f]) c--;
    else if (best[c][f] === best[c][f - 1]) f--;
    else {
      keys[rest[c - 1]] = COLUMN_KEYS[f - 1];
      c--;
      f--;
    }
  }
  return { keys, duplicates };
}

/** Every known name with its field. */
const EXACT = new Map<string, ColumnKey>((Object.entries(HEADER_NAMES) as [ColumnKey, string[]][]).flatMap(([key, names]) => names.map((n) => [n, key] as const)));

function exactField(text: string): ColumnKey | null {
  return EXACT.get(headerKey(text)) ?? null;
}
