import { COLUMN_KEYS, type ColumnKey, type Plan, type Revision, type Section, type TextSegment, type WarningDraft } from '../schema.js';
import type { PlanDraft, SectionDraft } from '../tables/assemble.js';
import { joinLines, unstruckText } from '../text/lines.js';
import { departmentLevels } from './edition.js';
import type { ValueParser } from '../values/index.js';
import { buildParts, cellRevisions, clearlyReached } from './parts.js';

/** Current text: struck parts removed, each line trimmed, lines left empty dropped. */
export function currentText(segments: TextSegment[]): string {
  return unstruckText(segments)
    .split('\n')
    .map((l) => l.replace(/[ \t]+/g, ' ').trim())
    .filter((l) => l.length > 0)
    .join('\n');
}

const DASHES = /^[-‐‑‒–—―－ー─]$/u;
const PART_FIELDS: ColumnKey[] = ['indicator', 'target', 'actual'];

function parseRank(text: string): number | null {
  const t = text.normalize('NFKC').replace(/\s+/g, '');
  return /^\d{1,4}$/.test(t) ? Number(t) : null;
}

export function buildPlan(draft: PlanDraft, section: SectionDraft, parse: ValueParser, warnings: WarningDraft[]): Plan {
  const values = {} as Record<ColumnKey, string | null>;
  const segmentsOf = {} as Record<ColumnKey, TextSegment[] | null>;
  const revisions: Revision[] = [];
  for (const key of COLUMN_KEYS) {
    if (!section.columns.includes(key)) {
      values[key] = null;
      segmentsOf[key] = null;
      continue;
    }
    const segments = joinLines(draft.fields.get(key) ?? []);
    segmentsOf[key] = segments;
    values[key] = currentText(segments);
    revisions.push(...cellRevisions(key, segments, PART_FIELDS.includes(key)));
  }
  const rankText = values.rank ?? '';
  const rank = parseRank(rankText);
  if (rankText && rank === null) {
    warnings.push({ code: 'RANK_NOT_A_NUMBER', message: `順位 is not a number: ${rankText}`, page: draft.page, department: section.department, field: 'rank' });
  }
  const planType = values.planType === null || values.planType === '' || DASHES.test(values.planType) ? null : values.planType;
  const ctx = { page: draft.page, department: section.department, rank };
  const parts = buildParts({ indicator: segmentsOf.indicator, target: segmentsOf.target, actual: segmentsOf.actual }, parse, warnings, ctx);
  checkRating(values.rating, parts, warnings, ctx);
  const { rank: _r, planType: _p, ...rest } = values;
  const extras = Object.fromEntries([...draft.extras].map(([name, lines]) => [name, currentText(joinLines(lines))]));
  return { planId: '', rank, planType, ...rest, extras, parts, revisions, pages: [...draft.pages].sort((a, b) => a - b) };
}

/** A/B/C mean the target was met or bettered, D that it was not. */
function checkRating(rating: string | null, parts: Plan['parts'], warnings: WarningDraft[], ctx: { page: number; department: string; rank: number | null }): void {
  const letter = rating?.normalize('NFKC').trim().charAt(0).toUpperCase();
  if (!letter || !'ABCD'.includes(letter)) return;
  // Judged only where the numbers are clear: a known direction, the result at the target's printed precision.
  const judged = parts.map((p) => ({ part: p, reached: clearlyReached(p) })).filter((j) => j.reached !== null);
  if (!judged.length) return;
  const allMet = judged.every((j) => j.reached);
  if (letter === 'D' && allMet) {
    warnings.push({ code: 'RATING_MISMATCH', message: `rated D but every target with a result was met`, page: ctx.page, department: ctx.department, rank: ctx.rank, field: 'rating' });
  } else if (letter !== 'D' && !allMet) {
    const missed = judged.filter((j) => !j.reached).map((j) => j.part.label ?? 'target').join(', ');
    warnings.push({ code: 'RATING_MISMATCH', message: `rated ${letter} but not met: ${missed}`, page: ctx.page, department: ctx.department, rank: ctx.rank, field: 'rating' });
  }
}

export function buildSection(draft: SectionDraft, parse: ValueParser, warnings: WarningDraft[]): Section {
  const plans = draft.plans.map((p) => buildPlan(p, draft, parse, warnings));
  return {
    department: draft.department,
    ...departmentLevels(draft.department),
    mission: draft.mission,
    pages: [...draft.pages].sort((a, b) => a - b),
    columns: COLUMN_KEYS.filter((k) => draft.columns.includes(k)),
    plans,
  };
}
