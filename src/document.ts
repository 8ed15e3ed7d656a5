import { readingWarnings, requireText, type PagesResult } from './pages.js';
import { buildSections, identifyDocument } from './records/document.js';
import { checkedOutput, DocumentSchema, withKinds, type PlanDocument } from './schema.js';
import { sourceRecord, type SourceInfo } from './source.js';
import { assembleSections, type PageText } from './tables/assemble.js';
import { noPlanReason } from './tables/diagnose.js';
import { PlanExtractError } from './errors.js';

/** Sections, plans, parts and values from the pages of a document, validated. */
export function buildDocument(result: PagesResult, source: SourceInfo, given: { fiscalYear?: number } = {}): PlanDocument {
  requireText(result);
  const warnings = readingWarnings(result);
  const pageText: PageText[] = [];
  const drafts = assembleSections(result.pages, warnings, pageText);
  const sections = buildSections(drafts, warnings);
  if (!sections.some((s) => s.plans.length > 0)) throw new PlanExtractError('NO_PLAN_TABLE', noPlanReason(result.pages, drafts));
  const identity = identifyDocument(sections, { pageText: pageText.map((t) => t.text), fileName: source.file, fiscalYear: given.fiscalYear }, warnings);
  return checkedOutput(DocumentSchema, { schemaVersion: '1', source: sourceRecord(source), ...identity, sections, pageText, warnings: withKinds(warnings) });
}
