import type { ColumnKey } from '../schema.js';
import type { TextLine } from '../text/lines.js';
import { stackedReading } from './stacked.js';

/**
 * Header texts per column, as publications print them (after NFKC and whitespace removal).
 * The first name is the canonical one; the rest are variants seen in other editions.
 */
export const HEADER_NAMES: Record<ColumnKey, string[]> = {
  rank: ['順位', '優先順位', '優先度'],
  planType: ['計画類型', '類型', '計画の類型'],
  item: ['取組項目', '取組名', '取組事項'],
  activities: ['具体的な活動内容', '具体的な取組内容', '活動内容', '取組内容'],
  indicator: ['指標', '成果指標', '活動指標'],
  target: ['目標値', '年度目標値', '目標'],
  progress: ['進捗状況', '進捗'],
  firstHalf: ['上半期の状況や評価', '上半期の状況', '上半期の評価', '上半期'],
  secondHalfPlan: ['下半期の予定', '下半期の取組予定', '下半期'],
  annualSummary: ['1年間の総括', '一年間の総括', '年間の総括', '総括'],
  actual: ['目標値に対する実績値', '実績値', '実績'],
  rating: ['評価', '達成度評価', '自己評価'],
  ratingReason: ['評価の視点', '評価の理由', '評価理由'],
  challenges: ['課題と対応', '課題と今後の対応', '今後の課題', '課題'],
};

/** Group headers above the column headers; they name phases, not columns. */
const GROUP_HEADERS = ['年度目標設定', '中間確認', '年度末確認', '年度目標', '目標設定'];

/** Whether a cell's text is a group header (年度目標設定, 中間確認…), which names a phase, not a column. */
export function isGroupHeader(text: string): boolean {
  return GROUP_HEADERS.includes(compact(text));
}

export const TITLE_LABELS = { department: ['部課名', '部署名', '課名'], mission: ['課の使命', '使命'] } as const;

export function compact(s: string): string {
  return s.normalize('NFKC').replace(/[\s\u3000]+/g, '');
}

/**
 * The column a header cell names, or null. An exact name wins; otherwise the name the text
 * ends with (the head noun comes last in Japanese: "目標値に対する実績" is an 実績),
 * then the name it starts with. Parenthesized additions ("目標値(2023年度)") are ignored.
 */
export function columnForHeader(text: string): ColumnKey | null {
  const t = compact(text).replace(/\([^()]*\)/g, '');
  if (!t || t.length > MAX_HEADER_LENGTH || GROUP_HEADERS.includes(t)) return null;
  const exact = NAMES.find((c) => c.name === t);
  if (exact) return exact.key;
  // NAMES is sorted longest first: the first match is the longest.
  return NAMES.find((c) => c.name.length >= 2 && t.endsWith(c.name))?.key ?? NAMES.find((c) => c.name.length >= 2 && t.startsWith(c.name))?.key ?? null;
}

/** Every header name with its column, longest first. */
const NAMES = (Object.entries(HEADER_NAMES) as [ColumnKey, string[]][])
  .flatMap(([key, names]) => names.map((name) => ({ key, name })))
  .sort((a, b) => b.name.length - a.name.length);

/** A header cell's text as read, and the column it names (null: none). */
export interface HeaderReading {
  text: string;
  key: ColumnKey | null;
}

/**
 * A header cell read: its text as its lines read, or, when that names no column, its characters
 * read stacked vertically (see stackedReading) if that names one.
 */
export function readHeader(text: string, lines: TextLine[]): HeaderReading {
  const key = columnForHeader(text);
  if (key !== null) return { text, key };
  const stacked = stackedReading(lines);
  const stackedKey = stacked === null ? null : columnForHeader(stacked);
  return stackedKey !== null ? { text: stacked!, key: stackedKey } : { text, key: null };
}

/** A header cell holds a few words; a longer text is a data cell that happens to contain a header word. */
const MAX_HEADER_LENGTH = 20;

export function titleLabel(text: string): 'department' | 'mission' | null {
  const t = compact(text);
  if ((TITLE_LABELS.department as readonly string[]).includes(t)) return 'department';
  if ((TITLE_LABELS.mission as readonly string[]).includes(t)) return 'mission';
  return null;
}

/** A label and its value printed together: "部課名：市民部市民課", "課の使命 市民の…". */
export function inlineTitle(text: string): { label: 'department' | 'mission'; value: string } | null {
  const m = /^\s*([^\s:：]+)\s*(?:[:：]\s*|\s+)([\s\S]+)$/u.exec(text);
  if (!m) return null;
  const label = titleLabel(m[1]);
  return label ? { label, value: m[2].trim() } : null;
}
