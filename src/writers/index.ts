import { stringify } from 'csv-stringify/sync';
import {
  CSV_COLUMNS, CsvRowSchema, JsonlRecordSchema, type CsvRow, type Plan, type PlanDocument, type Value,
} from '../schema.js';

export interface CsvOptions {
  /** Column names: Japanese as printed in the publication (default) or the English keys. */
  header?: 'ja' | 'en';
  /** Start with a UTF-8 byte order mark, for Excel on Japanese Windows. */
  bom?: boolean;
  /**
   * Put a ' before text cells starting with = + - @, a tab or a carriage return, which
   * spreadsheets would run as formulas (default true). Numbers are never changed.
   */
  escapeFormulas?: boolean;
}

/**
 * The text of JSON.stringify(doc, null, 2) + "\n", in pieces: one per element of each top-level
 * array (a page, a section). Stringifying a 500-page document in one call holds several hundred
 * MB at once; piece by piece it holds one page.
 */
export function* jsonChunks(doc: object): Generator<string> {
  const entries = Object.entries(doc).filter(([, v]) => v !== undefined);
  yield '{\n';
  for (const [i, [key, value]] of entries.entries()) {
    const head = `  ${JSON.stringify(key)}: `;
    if (Array.isArray(value) && value.length > 0) {
      yield `${head}[\n`;
      for (const [j, item] of value.entries()) {
        yield `    ${JSON.stringify(item, null, 2).replace(/\n/g, '\n    ')}${j < value.length - 1 ? ',' : ''}\n`;
      }
      yield '  ]';
    } else {
      yield head + JSON.stringify(value, null, 2).replace(/\n/g, '\n  ');
    }
    yield i < entries.length - 1 ? ',\n' : '\n';
  }
  yield '}\n';
}

/** One line per plan, each carrying its section and source file. */
export function toJsonl(doc: PlanDocument): string {
  const lines: string[] = [];
  for (const s of doc.sections) {
    for (const plan of s.plans) {
      const warnings = doc.warnings.filter((w) => w.department === s.department && w.rank === plan.rank && w.rank !== undefined);
      const record = JsonlRecordSchema.parse({ file: doc.source.file, department: s.department, mission: s.mission, ...plan, warnings });
      lines.push(JSON.stringify(record));
    }
  }
  return lines.length ? lines.join('\n') + '\n' : '';
}

/** One row per indicator part; a plan without parts still gets one row. */
export function csvRows(doc: PlanDocument): CsvRow[] {
  const rows: CsvRow[] = [];
  for (const s of doc.sections) {
    for (const plan of s.plans) {
      const parts = plan.parts.length ? plan.parts : [null];
      for (const part of parts) {
        rows.push(CsvRowSchema.parse({
          file: doc.source.file,
          planId: plan.planId,
          department: s.department,
          rank: plan.rank,
          planType: plan.planType,
          item: plan.item,
          part: part?.label ?? null,
          indicator: part?.indicator ?? null,
          target: part?.target?.text ?? null,
          targetNumber: part?.target?.number ?? null,
          targetUnit: part?.target?.unit ?? null,
          targetKind: part?.target?.kind ?? null,
          targetPrevious: part?.target?.previous?.text ?? null,
          targetItems: itemsText(part?.target ?? null),
          actual: part?.actual?.text ?? null,
          actualNumber: part?.actual?.number ?? null,
          actualUnit: part?.actual?.unit ?? null,
          actualKind: part?.actual?.kind ?? null,
          actualItems: itemsText(part?.actual ?? null),
          direction: part?.direction ?? null,
          achievement: part?.achievement ?? null,
          met: part?.met ?? null,
          progress: plan.progress,
          rating: plan.rating,
          ratingReason: plan.ratingReason,
          revisionNote: revisionNote(plan, part?.label ?? null),
          pages: plan.pages.join(';'),
          activities: plan.activities,
          firstHalf: plan.firstHalf,
          secondHalfPlan: plan.secondHalfPlan,
          annualSummary: plan.annualSummary,
          challenges: plan.challenges,
        }));
      }
    }
  }
  return rows;
}

/** Labelled numbers of a value as one text: "午前 50%; 午後 55%". */
function itemsText(value: Value | null): string | null {
  return value?.items ? value.items.map((i) => `${i.label} ${i.number}${i.unit ?? ''}`).join('; ') : null;
}

function revisionNote(plan: Plan, label: string | null): string | null {
  const notes = [...new Set(plan.revisions.filter((r) => r.part === label && r.note).map((r) => r.note!))];
  return notes.length ? notes.join('\n') : null;
}

/** The CSV of one document: the header line, then one line per part (see csvRows). */
export function toCsv(doc: PlanDocument, options: CsvOptions = {}): string {
  return csvHeader(options) + csvBody(doc, options);
}

/** The header line of the CSV (after a byte order mark with `bom`). */
export function csvHeader(options: CsvOptions): string {
  return (options.bom ? '\uFEFF' : '') + csvText([CSV_COLUMNS.map((c) => (options.header === 'en' ? c.key : c.ja))]);
}

/** The lines of one document's parts, without the header: documents after the first in one CSV. */
export function csvBody(doc: PlanDocument, options: CsvOptions): string {
  const escape = options.escapeFormulas ?? true;
  return csvText(csvRows(doc).map((row) => CSV_COLUMNS.map((c) => csvCell(row[c.key], escape))));
}

/** Rows of cell texts as CSV: CRLF and quoting as RFC 4180 says; Excel and csv-parse both read it. */
export function csvText(rows: string[][]): string {
  return stringify(rows, { record_delimiter: 'windows', quoted_match: /[\r\n",]/ });
}

/** Text a spreadsheet would read as a formula (OWASP "CSV injection"). */
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: unknown, escapeFormulas = true): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string' && escapeFormulas && FORMULA_START.test(value)) return `'${value}`;
  return String(value);
}
