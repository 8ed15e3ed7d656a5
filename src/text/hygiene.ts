import { COLUMN_KEYS, type ColumnKey, type Section, type WarningDraft } from '../schema.js';
import { FORBIDDEN_CHARS, PRIVATE_USE } from './normalize.js';

const COLUMN_KEY_SET: ReadonlySet<string> = new Set(COLUMN_KEYS);

/** Text hygiene, checked once more on everything that is written: every string nested in value. */
function checkStrings(value: unknown, warnings: WarningDraft[], where: Omit<WarningDraft, 'code' | 'message'>): void {
  if (Array.isArray(value)) return value.forEach((v) => checkStrings(v, warnings, where));
  if (value && typeof value === 'object') return Object.values(value).forEach((v) => checkStrings(v, warnings, where));
  if (typeof value !== 'string') return;
  const forbidden = FORBIDDEN_CHARS.exec(value);
  if (forbidden) {
    warnings.push({ code: 'UNMAPPED_RADICAL', message: `a CJK radical or compatibility character has no ideograph to map to: ${forbidden[0]}`, ...where });
  }
  const pua = PRIVATE_USE.exec(value)?.[0];
  if (pua) warnings.push({ code: 'PRIVATE_USE_GLYPH', message: `a private-use character (U+${pua.codePointAt(0)!.toString(16).toUpperCase()}) has no Unicode meaning`, ...where });
}

/** Warnings for characters that must not reach a reader, on every string of every section. */
export function hygieneWarnings(sections: Section[]): WarningDraft[] {
  const warnings: WarningDraft[] = [];
  for (const s of sections) {
    checkStrings([s.department, s.mission], warnings, { page: s.pages[0], department: s.department });
    for (const plan of s.plans) {
      for (const [field, value] of Object.entries(plan)) {
        const where = { page: plan.pages[0], department: s.department, rank: plan.rank };
        checkStrings(value, warnings, COLUMN_KEY_SET.has(field) ? { ...where, field: field as ColumnKey } : where);
      }
    }
  }
  return warnings;
}
