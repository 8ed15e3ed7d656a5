import { MergedCsvRowSchema, type MergedCsvRow, type MergedDocument } from '../schema.js';
import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../io.js';
import { dataPackage, mergedAsDocuments } from './datapackage.js';
import { csvCell, csvText, jsonChunks } from './index.js';

export type MergedFormat = 'json' | 'jsonl' | 'csv' | 'datapackage';

/**
 * Writes a merged dataset: into the folder `out` (datapackage), the file `out`, or through `write`
 * (standard output) when there is no `out`.
 */
export function writeMerged(merged: MergedDocument, format: MergedFormat, target: { out?: string; bom?: boolean; write: (chunk: string) => void }): void {
  if (format === 'datapackage') {
    const dir = target.out!;
    fs.mkdirSync(dir, { recursive: true });
    for (const [file, content] of dataPackage(mergedAsDocuments(merged), path.basename(path.resolve(dir))).files) writeFileAtomic(path.join(dir, file), content);
    return;
  }
  const text = format === 'json' ? [...jsonChunks(merged)] : format === 'jsonl' ? [mergedJsonl(merged)] : [mergedCsv(merged, { bom: target.bom })];
  if (target.out) writeFileAtomic(target.out, text);
  else for (const chunk of text) target.write(chunk);
}

/** One merged plan per line. */
export function mergedJsonl(doc: MergedDocument): string {
  const lines = doc.years.flatMap((y) => y.plans.map((p) => JSON.stringify(p)));
  return lines.length ? lines.join('\n') + '\n' : '';
}

/** One row per indicator part of each plan of each year: the latest values and the edition they came from. */
export function mergedCsvRows(doc: MergedDocument): MergedCsvRow[] {
  const rows: MergedCsvRow[] = [];
  for (const year of doc.years) {
    for (const plan of year.plans) {
      const latest = plan.editions[plan.editions.length - 1].edition;
      const from = (value: unknown) => (value === null || value === undefined || value === '' ? null : latest);
      for (const part of plan.parts.length ? plan.parts : [null]) {
        rows.push(MergedCsvRowSchema.parse({
          fiscalYear: plan.fiscalYear,
          planId: plan.planId,
          department: plan.department,
          rank: plan.rank,
          item: plan.item,
          part: part?.label ?? null,
          indicator: part?.indicator ?? null,
          target: part?.target?.text ?? null,
          targetEdition: from(part?.target?.text),
          actual: part?.actual?.text ?? null,
          actualEdition: from(part?.actual?.text),
          achievement: part?.achievement ?? null,
          met: part?.met ?? null,
          rating: plan.rating,
          ratingEdition: from(plan.rating),
          presence: plan.presence,
          editions: plan.editions.map((e) => e.edition).join(';'),
          changes: plan.changes.length ? plan.changes.map((c) => `${c.field}: ${c.fromEdition}→${c.toEdition}`).join('\n') : null,
        }));
      }
    }
  }
  return rows;
}

/** CSV of a merged dataset (English header keys; formula-like text neutralised as in the plan CSV). */
export function mergedCsv(doc: MergedDocument, options: { bom?: boolean } = {}): string {
  const rows = mergedCsvRows(doc);
  const keys = Object.keys(MergedCsvRowSchema.shape) as (keyof MergedCsvRow)[];
  return (options.bom ? '\uFEFF' : '') + csvText([keys, ...rows.map((r) => keys.map((k) => csvCell(r[k])))]);
}
