import { z } from 'zod';
import { DirectionSchema, EditionSchema, type MergedDocument, type Plan, type PlanDocument } from '../schema.js';
import { PRODUCER } from '../version.js';
import { csvCell, csvText } from './index.js';

/*
 * A Frictionless Data Package (datapackage.json + plans.csv, parts.csv, revisions.csv) for open-data
 * portals. The tables and their Table Schemas are declared once, as zod schemas with titles
 * (Japanese, as printed) and descriptions in .meta(); the CSV rows and the descriptor both come from them.
 */

const text = (title: string, description: string) => z.string().nullable().meta({ title, description });
const key = (title: string, description: string) => z.string().meta({ title, description });

const PlanRowSchema = z.object({
  file: key('ファイル', 'The publication (PDF file) the plan was read from.'),
  planId: key('計画ID', 'Fiscal year / 部課名 / 順位: the same plan has the same ID in every edition of a year.'),
  fiscalYear: z.number().int().nullable().meta({ title: '年度', description: 'Fiscal year of the publication.' }),
  edition: EditionSchema.meta({ title: '版', description: 'start: 年度目標設定 only; mid: 中間確認; end: 年度末確認.' }),
  department: key('部課名', 'The section as printed.'),
  division: text('部', 'The 部 of 部課名.'),
  section: text('課', 'The 課, センター, 室… of 部課名.'),
  unit: text('担当', 'The 担当 or 係 of 部課名.'),
  rank: z.number().int().nullable().meta({ title: '順位', description: 'Priority of the plan in its section.' }),
  planType: text('計画類型', 'Kind of plan; empty for "-".'),
  item: text('取組項目', 'What the plan is about.'),
  activities: text('具体的な活動内容', 'Concrete activities.'),
  indicator: text('指標', 'Indicator(s); ①② parts on separate lines.'),
  target: text('目標値', 'Target value(s) as printed (current text).'),
  progress: text('進捗状況', 'Mid-year progress mark.'),
  firstHalf: text('上半期の状況や評価', 'First half of the year: status and assessment.'),
  secondHalfPlan: text('下半期の予定', 'Plan for the second half of the year.'),
  annualSummary: text('1年間の総括', 'Summary of the year.'),
  actual: text('目標値に対する実績値', 'Result against the target.'),
  rating: text('評価', 'Rating as printed (A: well beyond the target, B: beyond, C: reached, D: not reached).'),
  ratingReason: text('評価の視点', 'Reason for the rating.'),
  challenges: text('課題と対応', 'Issues and responses.'),
  pages: key('ページ', 'Pages of the publication the plan is printed on, separated by ;.'),
});

const PartRowSchema = z.object({
  file: key('ファイル', 'The publication the plan was read from.'),
  planId: key('計画ID', 'The plan (see plans).'),
  partNo: z.number().int().meta({ title: '番号(連番)', description: '1, 2, … in the order of the part labels.' }),
  label: text('番号', '①, ②… or (1), (2)… as printed; empty for a plan with one indicator.'),
  indicator: text('指標', 'Indicator of this part.'),
  target: text('目標値', 'Target of this part as printed.'),
  targetNumber: z.number().nullable().meta({ title: '目標値(数値)', description: 'The number of the target (scale words applied: 50万円 is 500000).' }),
  targetUnit: text('目標値(単位)', 'Unit of the target as printed.'),
  actual: text('目標値に対する実績値', 'Result of this part as printed.'),
  actualNumber: z.number().nullable().meta({ title: '実績値(数値)', description: 'The number of the result.' }),
  actualUnit: text('実績値(単位)', 'Unit of the result.'),
  direction: DirectionSchema.nullable().meta({ title: '改善の方向', description: 'Whether a larger value is better, from the indicator.' }),
  achievement: z.number().nullable().meta({ title: '達成率', description: 'actual / target (inverted when lower is better).' }),
  met: z.boolean().nullable().meta({ title: '達成', description: 'Whether the target was reached.' }),
});

const RevisionRowSchema = z.object({
  file: key('ファイル', 'The publication the plan was read from.'),
  planId: key('計画ID', 'The plan (see plans).'),
  revisionNo: z.number().int().meta({ title: '修正番号', description: '1, 2, … in the order printed.' }),
  field: key('列', 'The column (English key) the correction is in.'),
  part: text('番号', 'The part (①…) the correction belongs to.'),
  struck: key('修正前', 'The struck-through text.'),
  current: text('修正後', 'The text that replaced it.'),
  note: text('修正理由', 'The ※ note printed with the correction.'),
  source: z.enum(['strike', 'edition']).meta({ title: '修正の種類', description: 'strike: struck through in the publication; edition: changed between editions without a strike (merge).' }),
});

type PlanRow = z.infer<typeof PlanRowSchema>;
type PartRow = z.infer<typeof PartRowSchema>;
type RevisionRow = z.infer<typeof RevisionRowSchema>;

/** The enum constraints that hold for the ratings and progress marks publications use. */
const RATINGS = ['A', 'B', 'C', 'D'];
const PROGRESS_MARKS = ['◎', '○', '△', '×', '-'];

export interface DataPackageFiles {
  /** File name → content. */
  files: Map<string, string>;
}

/** The rows of the three tables for the given documents. */
function rows(docs: PlanDocument[]): { plans: PlanRow[]; parts: PartRow[]; revisions: RevisionRow[] } {
  const plans: PlanRow[] = [];
  const parts: PartRow[] = [];
  const revisions: RevisionRow[] = [];
  for (const doc of docs) {
    for (const s of doc.sections) {
      for (const p of s.plans) {
        const base = { file: doc.source.file, planId: p.planId };
        plans.push(PlanRowSchema.parse({
          ...base, fiscalYear: doc.fiscalYear, edition: doc.edition, department: s.department, division: s.division, section: s.section, unit: s.unit,
          ...pick(p), pages: p.pages.join(';'),
        }));
        p.parts.forEach((part, i) => parts.push(PartRowSchema.parse({
          ...base, partNo: i + 1, label: part.label, indicator: part.indicator,
          target: part.target?.text ?? null, targetNumber: part.target?.number ?? null, targetUnit: part.target?.unit ?? null,
          actual: part.actual?.text ?? null, actualNumber: part.actual?.number ?? null, actualUnit: part.actual?.unit ?? null,
          direction: part.direction, achievement: part.achievement, met: part.met,
        })));
        p.revisions.forEach((r, i) => revisions.push(RevisionRowSchema.parse({
          ...base, revisionNo: i + 1, field: r.field, part: r.part, struck: r.struck, current: r.current, note: r.note, source: (r as { source?: string }).source ?? 'strike',
        })));
      }
    }
  }
  return { plans, parts, revisions };
}

function pick(p: Plan) {
  const { rank, planType, item, activities, indicator, target, progress, firstHalf, secondHalfPlan, annualSummary, actual, rating, ratingReason, challenges } = p;
  return { rank, planType, item, activities, indicator, target, progress, firstHalf, secondHalfPlan, annualSummary, actual, rating, ratingReason, challenges };
}

/** A Table Schema field from a zod schema: type, title, description, required (not nullable), enum. */
function field(name: string, schema: z.ZodType, required: boolean, values: unknown[]) {
  const meta = (schema.meta() ?? {}) as { title?: string; description?: string };
  const inner = schema instanceof z.ZodNullable ? (schema.unwrap() as z.ZodType) : schema;
  const type = inner instanceof z.ZodBoolean ? 'boolean' : inner instanceof z.ZodNumber ? (inner.isInt ? 'integer' : 'number') : 'string';
  const constraints: Record<string, unknown> = {};
  if (required) constraints.required = true;
  if (inner instanceof z.ZodEnum) constraints.enum = inner.options;
  const present = values.filter((v) => v !== null && v !== '');
  if (name === 'rating' && present.length && present.every((v) => RATINGS.includes(String(v)))) constraints.enum = RATINGS;
  if (name === 'progress' && present.length && present.every((v) => PROGRESS_MARKS.includes(String(v)))) constraints.enum = PROGRESS_MARKS;
  return { name, title: meta.title, description: meta.description, type, ...(Object.keys(constraints).length ? { constraints } : {}) };
}

function tableSchema<T extends Record<string, unknown>>(schema: z.ZodObject, data: T[], primaryKey: string[], foreignKeys: unknown[] = []) {
  const fields = Object.entries(schema.shape).map(([name, s]) => field(name, s as z.ZodType, primaryKey.includes(name) || !(s instanceof z.ZodNullable), data.map((r) => r[name])));
  return { fields, primaryKey, ...(foreignKeys.length ? { foreignKeys } : {}), missingValues: [''] };
}

function tableCsv<T extends Record<string, unknown>>(schema: z.ZodObject, data: T[]): string {
  const names = Object.keys(schema.shape);
  return csvText([names, ...data.map((r) => names.map((n) => csvCell(r[n])))]);
}

/**
 * A merged dataset as documents, one per year and latest edition file, so that it is packaged like
 * the documents of a batch (its edition revisions included).
 */
export function mergedAsDocuments(merged: MergedDocument): PlanDocument[] {
  const docs = new Map<string, PlanDocument>();
  for (const year of merged.years) {
    for (const plan of year.plans) {
      const latest = plan.editions[plan.editions.length - 1];
      const key = `${year.fiscalYear}\u0000${latest.file}`;
      let doc = docs.get(key);
      if (!doc) {
        doc = { schemaVersion: '1', source: { file: latest.file, producer: merged.producer, sha256: latest.sha256, pageCount: 0 }, edition: latest.edition, fiscalYear: year.fiscalYear, fiscalYearSource: null, sections: [], pageText: [], warnings: [] };
        docs.set(key, doc);
      }
      let section = doc.sections.find((s) => s.department === plan.department);
      if (!section) doc.sections.push((section = { department: plan.department, division: plan.division, section: plan.section, unit: plan.unit, mission: plan.mission, pages: [], columns: [], plans: [] }));
      const { fiscalYear: _y, department: _d, division: _v, section: _s, unit: _u, mission: _m, editions: _e, presence: _p, changes: _c, ...fields } = plan;
      section.plans.push(fields as unknown as Plan);
    }
  }
  return [...docs.values()];
}

/**
 * The data package of one or more documents: plans, parts and revisions as CSV, keyed by file and
 * planId, and datapackage.json describing them (licenses are for the publisher to fill in).
 */
export function dataPackage(docs: PlanDocument[], name = 'plan-extract'): DataPackageFiles {
  const { plans, parts, revisions } = rows(docs);
  const toPlans = { fields: ['file', 'planId'], reference: { resource: 'plans', fields: ['file', 'planId'] } };
  const resources = [
    { name: 'plans', title: '実行計画(年度目標)', path: 'plans.csv', schema: tableSchema(PlanRowSchema, plans, ['file', 'planId']) },
    { name: 'parts', title: '指標・目標値・実績値', path: 'parts.csv', schema: tableSchema(PartRowSchema, parts, ['file', 'planId', 'partNo'], [toPlans]) },
    { name: 'revisions', title: '修正(取り消し線)', path: 'revisions.csv', schema: tableSchema(RevisionRowSchema, revisions, ['file', 'planId', 'revisionNo'], [toPlans]) },
  ].map((r) => ({ ...r, profile: 'tabular-data-resource', format: 'csv', mediatype: 'text/csv', encoding: 'utf-8' }));
  const descriptor = {
    profile: 'tabular-data-package',
    name: name.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'plan-extract',
    title: '実行計画(年度目標)',
    description: `Plans, indicators and corrections read from 実行計画 publications by ${PRODUCER}.`,
    sources: docs.map((d) => ({ title: d.source.file, path: d.source.file, sha256: d.source.sha256 })),
    // No `licenses`: the publisher states the licence of the data (see README "For open-data publishers").
    resources,
  };
  return {
    files: new Map([
      ['datapackage.json', JSON.stringify(descriptor, null, 2) + '\n'],
      ['plans.csv', tableCsv(PlanRowSchema, plans)],
      ['parts.csv', tableCsv(PartRowSchema, parts)],
      ['revisions.csv', tableCsv(RevisionRowSchema, revisions)],
    ]),
  };
}
