import { COLUMN_KEYS, type ColumnKey, type Plan, type Revision, type Section, type Warning } from '../schema.js';
import type { SectionDraft, PlanDraft } from '../tables/assemble.js';
import { joinLines, segmentsPrinted } from '../text/lines.js';
import type { TextSegment } from '../schema.js';

/** Current text: struck parts removed, each line trimmed, lines left empty dropped. */
export function currentText(segments: TextSegment[]): string {
  const raw = segments.filter((s) => !s.struck).map((s) => s.text).join('');
  return raw
    .split('\n')
    .map((l) => l.replace(/[ \t]+/g, ' ').trim())
    .filter((l) => l.length > 0)
    .join('\n');
}

const DASHES = /^[-‐‑‒–—―－ー─]$/u;

function parseRank(text: string): number | null {
  const t = text.normalize('NFKC').replace(/\s+/g, '');
  return /^\d{1,4}$/.test(t) ? Number(t) : null;
}

export function buildPlan(draft: PlanDraft, section: SectionDraft, warnings: Warning[]): Plan {
  const values = {} as Record<ColumnKey, string | null>;
  const revisions: Revision[] = [];
  for (const key of COLUMN_KEYS) {
    if (!section.columns.includes(key)) {
      values[key] = null;
      continue;
    }
    const segments = joinLines(draft.fields.get(key) ?? []);
    values[key] = currentText(segments);
    const printed = segmentsPrinted(segments);
    for (const s of segments) {
      const struck = s.text.trim();
      if (s.struck && struck) revisions.push({ field: key, struck, printed });
    }
  }
  const rankText = values.rank ?? '';
  const rank = parseRank(rankText);
  if (rankText && rank === null) {
    warnings.push({ code: 'RANK_NOT_A_NUMBER', message: `順位 is not a number: ${rankText}`, page: draft.page, department: section.department, field: 'rank' });
  }
  const planType = values.planType === null || values.planType === '' || DASHES.test(values.planType) ? null : values.planType;
  const { rank: _r, planType: _p, ...rest } = values;
  return { rank, planType, ...rest, revisions, pages: [...draft.pages].sort((a, b) => a - b) };
}

export function buildSection(draft: SectionDraft, warnings: Warning[]): Section {
  return {
    department: draft.department,
    mission: draft.mission,
    pages: [...draft.pages].sort((a, b) => a - b),
    columns: COLUMN_KEYS.filter((k) => draft.columns.includes(k)),
    plans: draft.plans.map((p) => buildPlan(p, draft, warnings)),
  };
}
