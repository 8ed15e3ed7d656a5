import { EDITIONS, type ColumnKey, type Edition, type Plan, type Section, type WarningDraft } from '../schema.js';

const MID_COLUMNS: ColumnKey[] = ['progress', 'firstHalf', 'secondHalfPlan'];
const END_COLUMNS: ColumnKey[] = ['annualSummary', 'actual', 'rating', 'ratingReason', 'challenges'];

const filled = (plans: Plan[], keys: ColumnKey[]) => plans.some((p) => keys.some((k) => Boolean(p[k as keyof Plan])));

/**
 * The edition a section was printed for: the year-end edition (年度末確認) when a year-end column
 * holds text, the mid-year edition (中間確認) when a mid-year column does, else the year-start
 * edition (年度目標設定 only). Columns printed but left empty do not count: offices often print the
 * whole form early in the year.
 */
export function sectionEdition(section: Section): Edition {
  if (filled(section.plans, END_COLUMNS)) return 'end';
  if (filled(section.plans, MID_COLUMNS)) return 'mid';
  return 'start';
}

/** The document's edition: the latest of its sections', with a warning when sections disagree. */
export function documentEdition(sections: Section[], warnings: WarningDraft[]): Edition {
  const editions = sections.filter((s) => s.plans.length).map(sectionEdition);
  const latest = editions.reduce<Edition>((a, e) => (EDITIONS.indexOf(e) > EDITIONS.indexOf(a) ? e : a), 'start');
  const differ = sections.filter((s) => s.plans.length && sectionEdition(s) !== latest);
  if (differ.length) {
    warnings.push({ code: 'EDITION_MIXED', message: `sections of an earlier edition in a ${latest} edition: ${differ.map((s) => s.department || '(untitled)').join(', ').slice(0, 120)}`, page: differ[0].pages[0] });
  }
  return latest;
}

export type FiscalYearSource = 'option' | 'text' | 'fileName';

/** Era years as publications print them: 令和5年度 is 2023. */
const ERAS: Record<string, number> = { 令和: 2018, 平成: 1988, R: 2018, H: 1988 };

/** A fiscal year printed in a text: "2023年度", "令和5年度", "R5年度". */
export function yearInText(text: string): number | null {
  const t = text.normalize('NFKC');
  const western = /(20\d\d|19\d\d)\s*年度/.exec(t);
  if (western) return Number(western[1]);
  const era = /(令和|平成|R|H)\s*(\d{1,2}|元)\s*年度/.exec(t);
  if (era) return ERAS[era[1]] + (era[2] === '元' ? 1 : Number(era[2]));
  return null;
}

/**
 * The fiscal year of a document: given by the caller (--year), else printed in the text outside its
 * tables (a title such as "2023年度 実行計画"), else in its file name ("…2023…"), else null.
 */
export function fiscalYearOf(given: number | undefined, pageText: string[], fileName: string): { fiscalYear: number | null; fiscalYearSource: FiscalYearSource | null } {
  if (given !== undefined) return { fiscalYear: given, fiscalYearSource: 'option' };
  for (const text of pageText) {
    const year = yearInText(text);
    if (year !== null) return { fiscalYear: year, fiscalYearSource: 'text' };
  }
  const inName = yearInText(fileName) ?? (/(?:^|\D)(20\d\d)(?:\D|$)/.exec(fileName.normalize('NFKC'))?.[1] ?? null);
  if (inName !== null) return { fiscalYear: Number(inName), fiscalYearSource: 'fileName' };
  return { fiscalYear: null, fiscalYearSource: null };
}

/**
 * 部課名 split into its levels: the 部 (division) up to the first 部, the 課 (section) up to the first
 * 課, センター, 室, 館, 事務所 or 所 after it, and what follows (a 担当 or 係: unit). Each is null where
 * the name has no such part: "市民部市民協働推進課男女平等・消費生活担当" → 市民部 / 市民協働推進課 /
 * 男女平等・消費生活担当; "市民部忠生市民センター" → 市民部 / 忠生市民センター / null.
 */
export function departmentLevels(department: string): { division: string | null; section: string | null; unit: string | null } {
  const name = department.replace(/\s+/g, ' ').trim();
  const m = /^([^ ]*?部)?\s*([^ ]*?(?:課|センター|室|館|事務所|所))?\s*(.*)$/u.exec(name)!;
  const [division, section, rest] = [m[1] ?? null, m[2] ?? null, m[3].trim()];
  return { division, section, unit: rest || null };
}

/**
 * A plan's key, readable and the same in every edition of one year: fiscal year, 部課名 (blanks
 * removed) and 順位, e.g. "2023/市民部市民課/3". A plan without 順位 is keyed by its place in the section ("#2").
 */
export function planIdOf(fiscalYear: number | null, department: string, rank: number | null, index: number): string {
  return `${fiscalYear ?? 'unknown'}/${department.replace(/\s+/g, '') || '(untitled)'}/${rank ?? `#${index + 1}`}`;
}
