import type { Edition, Section, WarningDraft } from '../schema.js';
import type { SectionDraft } from '../tables/assemble.js';
import { hygieneWarnings } from '../text/hygiene.js';
import { parseValueText } from '../values/index.js';
import { documentEdition, fiscalYearOf, planIdOf, type FiscalYearSource } from './edition.js';
import { buildSection } from './plan.js';

/** Plans, parts, revisions and values of every section. */
export function buildSections(drafts: SectionDraft[], warnings: WarningDraft[]): Section[] {
  return drafts.map((d) => buildSection(d, parseValueText, warnings));
}

/** What the document says about itself beyond its tables: the text outside them, its file name, a year given by the user. */
export interface IdentityContext {
  pageText: string[];
  fileName: string;
  fiscalYear?: number;
}

export interface DocumentIdentity {
  edition: Edition;
  fiscalYear: number | null;
  fiscalYearSource: FiscalYearSource | null;
}

/**
 * The edition and fiscal year of a document with plans, and the id of every plan (which needs the
 * year); the text of every section is checked for characters that must not reach a reader.
 */
export function identifyDocument(sections: Section[], context: IdentityContext, warnings: WarningDraft[]): DocumentIdentity {
  warnings.push(...hygieneWarnings(sections));
  const edition = documentEdition(sections, warnings);
  const year = fiscalYearOf(context.fiscalYear, context.pageText, context.fileName);
  for (const s of sections) s.plans = s.plans.map((p, i) => ({ ...p, planId: planIdOf(year.fiscalYear, s.department, p.rank, i) }));
  return { edition, ...year };
}
