import { ColumnKeySchema, type ColumnKey, type Section, type WarningDraft } from '../schema.js';
import { FORBIDDEN_CHARS, isPrivateUse } from './normalize.js';

/**
 * Text repaired where it enters the pipeline: a damaged or careless ToUnicode map can give NUL and
 * other control characters, or half of a surrogate pair, which are not text (JSON written with a
 * lone surrogate is not valid UTF-8, and the morphological analyser fails on them).
 */

/** C0 and C1 control characters (line breaks included: a glyph never is one). */
const CONTROL = /[\u0000-\u001F\u007F-\u009F]/gu;

/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/gu;

/** Whether text has a control character or a surrogate (paired or not): only then can it need a repair. */
function mayNeedRepair(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || (c >= 0xd800 && c <= 0xdfff)) return true;
  }
  return false;
}

/** The text with control characters removed and lone surrogates replaced by U+FFFD, and how many were repaired. */
export function repairText(text: string): { text: string; repaired: number } {
  if (!mayNeedRepair(text)) return { text, repaired: 0 };
  let repaired = 0;
  const out = text
    .replace(CONTROL, () => {
      repaired++;
      return '';
    })
    .replace(LONE_SURROGATE, () => {
      repaired++;
      return '\uFFFD';
    });
  return { text: out, repaired };
}

/** Text fit for the morphological analyser: repaired, and what could not be repaired (U+FFFD) left out. */
export function analysableText(text: string): string {
  return repairText(text).text.replace(/\uFFFD/g, '');
}

/** Text hygiene, checked once more on everything that is written: every string nested in value. */
function checkStrings(value: unknown, warnings: WarningDraft[], where: Omit<WarningDraft, 'code' | 'message'>): void {
  if (Array.isArray(value)) return value.forEach((v) => checkStrings(v, warnings, where));
  if (value && typeof value === 'object') return Object.values(value).forEach((v) => checkStrings(v, warnings, where));
  if (typeof value !== 'string') return;
  const forbidden = FORBIDDEN_CHARS.exec(value);
  if (forbidden) {
    warnings.push({ code: 'UNMAPPED_RADICAL', message: `a CJK radical or compatibility character has no ideograph to map to: ${forbidden[0]}`, ...where });
  }
  const pua = Array.from(value).find(isPrivateUse);
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
        checkStrings(value, warnings, ColumnKeySchema.safeParse(field).success ? { ...where, field: field as ColumnKey } : where);
      }
    }
  }
  return warnings;
}
