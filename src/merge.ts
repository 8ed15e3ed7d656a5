import { COLUMN_KEYS, EDITIONS, MergedDocumentSchema, withKinds, type ColumnKey, type MergedDocument, type MergedPlan, type Plan, type PlanDocument, type Section, type WarningDraft } from './schema.js';
import { similarity } from './tables/columns.js';
import { PRODUCER } from './version.js';

/**
 * Two 取組項目 are the same plan's when their character bigrams agree at least this much (Dice
 * coefficient): a plan reworded between editions keeps most of its words; two different plans of one
 * section share few.
 */
const SAME_ITEM = 0.6;

interface Entry {
  doc: PlanDocument;
  section: Section;
  plan: Plan;
}

const norm = (s: string | null) => (s ?? '').normalize('NFKC').replace(/\s+/g, '');

/**
 * Merges the editions of a year (and several years) into one dataset: each plan once, with the
 * fields of the latest edition it is printed in, the editions it is in, and every field whose text
 * changed from one edition to the next. Plans are matched by planId (fiscal year, 部課名, 順位);
 * where the 順位 of a section's plans moved (a plan was inserted), by their 取組項目.
 */
export function mergeDocuments(docs: PlanDocument[]): MergedDocument {
  const warnings: WarningDraft[] = [];
  const years = [...new Set(docs.map((d) => d.fiscalYear))].sort((a, b) => (a ?? -1) - (b ?? -1));
  const out: MergedDocument['years'] = [];
  for (const year of years) {
    const editions = docs
      .filter((d) => d.fiscalYear === year)
      .sort((a, b) => EDITIONS.indexOf(a.edition) - EDITIONS.indexOf(b.edition) || a.source.file.localeCompare(b.source.file));
    const chains = matchPlans(editions, warnings);
    // In the order of the latest edition: its sections as printed, then 順位.
    const sectionOrder = new Map<string, number>();
    for (const doc of [...editions].reverse()) doc.sections.forEach((s) => sectionOrder.has(s.department) || sectionOrder.set(s.department, sectionOrder.size));
    const plans = chains.map((chain) => mergedPlan(chain, editions));
    plans.sort((a, b) => sectionOrder.get(a.department)! - sectionOrder.get(b.department)! || (a.rank ?? Infinity) - (b.rank ?? Infinity) || a.planId.localeCompare(b.planId));
    out.push({ fiscalYear: year, editions: editions.map(editionOf), plans });
  }
  const doc = { schemaVersion: '1' as const, producer: PRODUCER, years: out, warnings: withKinds(warnings) };
  const result = MergedDocumentSchema.safeParse(doc);
  if (!result.success) throw new Error(`merged document does not match its schema at ${result.error.issues[0].path.join('.')}: ${result.error.issues[0].message}`);
  return doc;
}

function editionOf(doc: PlanDocument) {
  return { edition: doc.edition, file: doc.source.file, sha256: doc.source.sha256 };
}

/** The plans of the editions (earliest first) grouped into chains, one per plan, each entry of a later edition. */
function matchPlans(editions: PlanDocument[], warnings: WarningDraft[]): Entry[][] {
  const chains: Entry[][] = [];
  for (const doc of editions) {
    const taken = new Set<Entry[]>();
    for (const section of doc.sections) {
      const candidates = () => chains.filter((c) => !taken.has(c) && c[c.length - 1].doc !== doc && c[c.length - 1].section.department === section.department);
      for (const plan of section.plans) {
        const item = norm(plan.item);
        const byId = candidates().find((c) => c[c.length - 1].plan.planId === plan.planId);
        let chain: Entry[] | undefined;
        if (byId && (!item || !norm(byId[byId.length - 1].plan.item) || similarity(item, norm(byId[byId.length - 1].plan.item)) >= SAME_ITEM)) {
          chain = byId;
        } else {
          // The 順位 moved: the plan with the same 取組項目, or the most similar one above the bound.
          const scored = candidates().map((c) => ({ c, score: similarity(item, norm(c[c.length - 1].plan.item)) })).sort((a, b) => b.score - a.score);
          const best = scored.find((x) => norm(x.c[x.c.length - 1].plan.item) === item) ?? (scored[0] && scored[0].score >= SAME_ITEM ? scored[0] : undefined);
          if (best && item) {
            chain = best.c;
            const before = chain[chain.length - 1].plan;
            warnings.push({ code: 'PLAN_MATCHED_BY_ITEM', message: `${before.planId} (${before.item}) is ${plan.planId} in the ${doc.edition} edition: matched by its 取組項目`, department: section.department, rank: plan.rank });
          }
        }
        if (!chain) chains.push((chain = []));
        chain.push({ doc, section, plan });
        taken.add(chain);
      }
    }
  }
  return chains;
}

/** Whether a field's text moved between two editions: both printed, neither empty, different. */
function changed(a: Plan, b: Plan, field: ColumnKey): [string, string] | null {
  const from = a[field as keyof Plan];
  const to = b[field as keyof Plan];
  if (from === null || to === null || from === undefined || to === undefined || from === '' || to === '') return null;
  return norm(String(from)) === norm(String(to)) ? null : [String(from), String(to)];
}

function mergedPlan(chain: Entry[], editions: PlanDocument[]): MergedPlan {
  const last = chain[chain.length - 1];
  const changes: MergedPlan['changes'] = [];
  for (let i = 1; i < chain.length; i++) {
    for (const field of COLUMN_KEYS) {
      const diff = changed(chain[i - 1].plan, chain[i].plan, field);
      if (diff) changes.push({ field, from: diff[0], to: diff[1], fromEdition: chain[i - 1].doc.edition, toEdition: chain[i].doc.edition });
    }
  }
  const revisions: MergedPlan['revisions'] = [
    ...last.plan.revisions.map((r) => ({ ...r, source: 'strike' as const })),
    // A target or 指標 changed between editions without a strike line is a correction all the same.
    ...changes.filter((c) => c.field === 'target' || c.field === 'indicator').map((c) => ({
      field: c.field, struck: c.from, printed: c.to, part: null, current: c.to, note: null, source: 'edition' as const,
    })),
  ];
  const added = chain[0].doc !== editions[0];
  const dropped = last.doc !== editions[editions.length - 1];
  const { revisions: _r, ...plan } = last.plan;
  return {
    fiscalYear: last.doc.fiscalYear,
    department: last.section.department,
    division: last.section.division,
    section: last.section.section,
    unit: last.section.unit,
    mission: last.section.mission,
    ...plan,
    revisions,
    editions: chain.map((e) => editionOf(e.doc)),
    presence: added && dropped ? 'added-and-dropped' : added ? 'added' : dropped ? 'dropped' : 'in-all',
    changes,
  };
}
