import { z } from 'zod';
import { PlanExtractError } from './errors.js';

/**
 * Checks an output against its schema. The value itself is returned, not zod's copy of it: the
 * schemas have no defaults or transforms, and a second copy of a 500-page document costs hundreds of MB.
 */
export function checkedOutput<T>(schema: z.ZodType<T>, value: T): T {
  const result = schema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new PlanExtractError('SCHEMA_VIOLATION', `internal error: output does not match its schema at ${issue.path.join('.')}: ${issue.message}`);
  }
  return value;
}

/** Canonical column keys, in the order the publication prints them. */
export const COLUMN_KEYS = [
  'rank', 'planType', 'item', 'activities', 'indicator', 'target', 'progress', 'firstHalf',
  'secondHalfPlan', 'annualSummary', 'actual', 'rating', 'ratingReason', 'challenges',
] as const;
export const ColumnKeySchema = z.enum(COLUMN_KEYS);
export type ColumnKey = z.infer<typeof ColumnKeySchema>;

/**
 * Findings about the publication's own data (its rating contradicts its numbers, it prints a column
 * of its own); every other warning is an extraction warning: something we may have lost or misread.
 */
export const FINDING_CODES = ['RATING_MISMATCH', 'EXTRA_COLUMN', 'EDITION_MIXED'] as const;

export const WarningSchema = z.object({
  code: z.string(),
  /** extraction: our doubt (text not placed, a part missing, a page unreadable…); finding: a fact about the data. */
  kind: z.enum(['extraction', 'finding']),
  message: z.string(),
  page: z.number().int().positive().optional(),
  department: z.string().optional(),
  rank: z.number().int().nullable().optional(),
  field: ColumnKeySchema.optional(),
});
export type Warning = z.infer<typeof WarningSchema>;
/** A warning as the stages raise it; its kind is added when the document is built (see withKinds). */
export type WarningDraft = Omit<Warning, 'kind'>;

/** The warnings of a document with their kinds, `kind` right after `code`. */
export function withKinds(drafts: WarningDraft[]): Warning[] {
  return drafts.map(({ code, ...rest }) => ({ code, kind: (FINDING_CODES as readonly string[]).includes(code) ? 'finding' : 'extraction', ...rest }));
}

export const RevisionSchema = z.object({
  field: ColumnKeySchema,
  /** The struck-through text. */
  struck: z.string(),
  /** The cell as printed, struck parts marked ~~x~~. */
  printed: z.string(),
  /** Label (①…) of the indicator part the correction belongs to; null when the cell has no parts. */
  part: z.string().nullable(),
  /** The text that replaced the struck text, or null when nothing did. */
  current: z.string().nullable(),
  /** The ※ note printed with the correction. */
  note: z.string().nullable(),
});
export type Revision = z.infer<typeof RevisionSchema>;

/** The editions of a year's publication, earliest first: year-start (年度目標設定), mid-year (中間確認), year-end (年度末確認). */
export const EDITIONS = ['start', 'mid', 'end'] as const;
export const EditionSchema = z.enum(EDITIONS);
export type Edition = z.infer<typeof EditionSchema>;

/** Whether a larger value of an indicator is better ("higher") or worse ("lower"). */
export const DirectionSchema = z.enum(['higher', 'lower']);
export type Direction = z.infer<typeof DirectionSchema>;

export const VALUE_KINDS = ['number', 'percent', 'count', 'duration', 'money', 'score', 'done', 'date', 'text'] as const;

/** One of several labelled numbers printed in one value ("午前50% 午後55% 夜間26%"). */
export const ValueItemSchema = z.object({ label: z.string(), number: z.number(), unit: z.string().nullable() });

/** A target or actual value, parsed from the printed text. */
export const ValueSchema = z.object({
  /** The value as printed (current text, part label and ※ notes removed). */
  text: z.string(),
  number: z.number().nullable(),
  unit: z.string().nullable(),
  kind: z.enum(VALUE_KINDS),
  /** Words around the quantity: "2020年度比 減", "以上", "対2022年度比". */
  qualifier: z.string().nullable(),
  /** Several labelled numbers in one value (number is then null); null for a single value. */
  items: z.array(ValueItemSchema).nullable(),
  /** The value before a printed correction (the struck text), parsed. */
  get previous(): z.ZodNullable<typeof ValueSchema> {
    return ValueSchema.nullable();
  },
  /** The ※ note printed with the value. */
  note: z.string().nullable(),
});
export type Value = z.infer<typeof ValueSchema>;

/** One indicator of a plan with its target and result (①②③ parts are aligned by label). */
export const PartSchema = z.object({
  label: z.string().nullable(),
  indicator: z.string().nullable(),
  /** A ※ note printed in the 指標 cell for this part. */
  indicatorNote: z.string().nullable(),
  target: ValueSchema.nullable(),
  actual: ValueSchema.nullable(),
  /** Whether a larger value is better, from the indicator's grammar; null for a qualitative target or when it cannot be told. */
  direction: DirectionSchema.nullable(),
  /** actual / target, inverted when lower is better; null unless both are numbers in one unit. */
  achievement: z.number().nullable(),
  /** Whether the target was met; null when it cannot be told. */
  met: z.boolean().nullable(),
});
export type Part = z.infer<typeof PartSchema>;

const text = z.string();
const optionalColumn = z.string().nullable();

export const PlanSchema = z.object({
  /** Fiscal year / 部課名 / 順位: the same plan has the same ID in every edition of a year. */
  planId: z.string(),
  rank: z.number().int().nullable(),
  planType: z.string().nullable(),
  item: text.nullable(),
  activities: optionalColumn,
  indicator: optionalColumn,
  target: optionalColumn,
  progress: optionalColumn,
  firstHalf: optionalColumn,
  secondHalfPlan: optionalColumn,
  annualSummary: optionalColumn,
  actual: optionalColumn,
  rating: optionalColumn,
  ratingReason: optionalColumn,
  challenges: optionalColumn,
  /** Columns no field matches (a city's own 担当, 予算額…): current text by the header as printed. */
  extras: z.record(z.string(), z.string()),
  parts: z.array(PartSchema),
  revisions: z.array(RevisionSchema),
  pages: z.array(z.number().int().positive()),
});
export type Plan = z.infer<typeof PlanSchema>;

export const SectionSchema = z.object({
  department: z.string(),
  /** 部課名 split: 部 (division), 課・センター・室… (section), 担当・係 (unit); null where the name has no such part. */
  division: z.string().nullable(),
  section: z.string().nullable(),
  unit: z.string().nullable(),
  mission: z.string(),
  pages: z.array(z.number().int().positive()),
  columns: z.array(ColumnKeySchema),
  plans: z.array(PlanSchema),
});
export type Section = z.infer<typeof SectionSchema>;

export const SourceSchema = z.object({
  file: z.string(),
  /** The program and version that wrote the output: "plan-extract 0.1.0". */
  producer: z.string(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  pageCount: z.number().int().nonnegative(),
});

/** Text printed outside every plan table (headings, page numbers, notes, tables of other kinds). */
export const PageTextSchema = z.object({
  page: z.number().int().positive(),
  /** Lines of text outside every table as printed; the cells of a table of another kind separated by tabs. */
  text: z.string(),
});

export const DocumentSchema = z.object({
  schemaVersion: z.literal('1'),
  source: SourceSchema,
  /** Which edition of the year the publication is: start (年度目標設定), mid (中間確認) or end (年度末確認). */
  edition: EditionSchema,
  fiscalYear: z.number().int().nullable(),
  /** Where the fiscal year came from: the caller (--year), the publication's text, its file name. */
  fiscalYearSource: z.enum(['option', 'text', 'fileName']).nullable(),
  sections: z.array(SectionSchema),
  pageText: z.array(PageTextSchema),
  warnings: z.array(WarningSchema),
});
export type PlanDocument = z.infer<typeof DocumentSchema>;

/** Raw grid output (`--format cells`). */
export const TextSegmentSchema = z.object({ text: z.string(), struck: z.boolean() });
export type TextSegment = z.infer<typeof TextSegmentSchema>;

export const GridCellSchema = z.object({
  row: z.number().int().nonnegative(),
  col: z.number().int().nonnegative(),
  rowSpan: z.number().int().positive(),
  colSpan: z.number().int().positive(),
  /** [x0, top, x1, bottom] in points, origin at the top left of the page. */
  box: z.tuple([z.number(), z.number(), z.number(), z.number()]),
  text: z.string(),
  segments: z.array(TextSegmentSchema),
});
export type GridCellOutput = z.infer<typeof GridCellSchema>;

export const CellsDocumentSchema = z.object({
  schemaVersion: z.literal('1'),
  source: SourceSchema,
  pages: z.array(z.object({
    page: z.number().int().positive(),
    width: z.number(),
    height: z.number(),
    tables: z.array(z.object({
      box: z.tuple([z.number(), z.number(), z.number(), z.number()]),
      rowCount: z.number().int().nonnegative(),
      colCount: z.number().int().nonnegative(),
      rows: z.array(z.array(GridCellSchema)),
    })),
  })),
  warnings: z.array(WarningSchema),
});
export type CellsDocument = z.infer<typeof CellsDocumentSchema>;

/** One line of `--format jsonl`: the source and section first, then the plan and the warnings about it. */
export const JsonlRecordSchema = z.object({
  file: z.string(),
  department: z.string(),
  mission: z.string(),
}).extend(PlanSchema.shape).extend({
  /** Warnings of the document that name this plan (its department and rank). */
  warnings: z.array(WarningSchema),
});
export type JsonlRecord = z.infer<typeof JsonlRecordSchema>;

/** The Japanese name of each CSV column (`--header ja`); a registry of its own, so the JSON Schemas are unchanged. */
const CSV_HEADERS = z.registry<{ ja: string }>();

/**
 * One row of `--format csv`: one indicator part of a plan. Keys are the English header
 * (`--header en`); each field is registered with its Japanese name (`--header ja`, the default).
 */
export const CsvRowSchema = z.object({
  file: z.string().register(CSV_HEADERS, { ja: 'ファイル' }),
  planId: z.string().register(CSV_HEADERS, { ja: '計画ID' }),
  department: z.string().register(CSV_HEADERS, { ja: '部課名' }),
  rank: z.number().int().nullable().register(CSV_HEADERS, { ja: '順位' }),
  planType: z.string().nullable().register(CSV_HEADERS, { ja: '計画類型' }),
  item: z.string().nullable().register(CSV_HEADERS, { ja: '取組項目' }),
  part: z.string().nullable().register(CSV_HEADERS, { ja: '番号' }),
  indicator: z.string().nullable().register(CSV_HEADERS, { ja: '指標' }),
  target: z.string().nullable().register(CSV_HEADERS, { ja: '目標値' }),
  targetNumber: z.number().nullable().register(CSV_HEADERS, { ja: '目標値(数値)' }),
  targetUnit: z.string().nullable().register(CSV_HEADERS, { ja: '目標値(単位)' }),
  targetKind: z.enum(VALUE_KINDS).nullable().register(CSV_HEADERS, { ja: '目標値(種別)' }),
  targetPrevious: z.string().nullable().register(CSV_HEADERS, { ja: '修正前の目標値' }),
  targetItems: z.string().nullable().register(CSV_HEADERS, { ja: '目標値(内訳)' }),
  actual: z.string().nullable().register(CSV_HEADERS, { ja: '目標値に対する実績値' }),
  actualNumber: z.number().nullable().register(CSV_HEADERS, { ja: '実績値(数値)' }),
  actualUnit: z.string().nullable().register(CSV_HEADERS, { ja: '実績値(単位)' }),
  actualKind: z.enum(VALUE_KINDS).nullable().register(CSV_HEADERS, { ja: '実績値(種別)' }),
  actualItems: z.string().nullable().register(CSV_HEADERS, { ja: '実績値(内訳)' }),
  direction: DirectionSchema.nullable().register(CSV_HEADERS, { ja: '改善の方向' }),
  achievement: z.number().nullable().register(CSV_HEADERS, { ja: '達成率' }),
  met: z.boolean().nullable().register(CSV_HEADERS, { ja: '達成' }),
  progress: z.string().nullable().register(CSV_HEADERS, { ja: '進捗状況' }),
  rating: z.string().nullable().register(CSV_HEADERS, { ja: '評価' }),
  ratingReason: z.string().nullable().register(CSV_HEADERS, { ja: '評価の視点' }),
  revisionNote: z.string().nullable().register(CSV_HEADERS, { ja: '修正理由' }),
  pages: z.string().register(CSV_HEADERS, { ja: 'ページ' }),
  activities: z.string().nullable().register(CSV_HEADERS, { ja: '具体的な活動内容' }),
  firstHalf: z.string().nullable().register(CSV_HEADERS, { ja: '上半期の状況や評価' }),
  secondHalfPlan: z.string().nullable().register(CSV_HEADERS, { ja: '下半期の予定' }),
  annualSummary: z.string().nullable().register(CSV_HEADERS, { ja: '1年間の総括' }),
  challenges: z.string().nullable().register(CSV_HEADERS, { ja: '課題と対応' }),
});
export type CsvRow = z.infer<typeof CsvRowSchema>;

/**
 * A CSV row as a CSV reader gives it: every column a string as written; an empty cell is "",
 * numbers are written as JavaScript prints them, met as "true" / "false".
 */
export const CsvTextRowSchema = z.object(Object.fromEntries(Object.keys(CsvRowSchema.shape).map((k) => [k, z.string()])) as Record<keyof CsvRow, z.ZodString>);

/** CSV columns in order, with the Japanese header as printed in the publication where there is one. */
/** CSV columns in order, with the Japanese header (as printed in the publication where there is one), from CsvRowSchema. */
export const CSV_COLUMNS: { key: keyof CsvRow; ja: string }[] = Object.entries(CsvRowSchema.shape).map(([key, field]) => ({ key: key as keyof CsvRow, ja: CSV_HEADERS.get(field)!.ja }));

/** An edition of a publication that went into a merged dataset. */
export const MergedEditionSchema = z.object({
  edition: EditionSchema,
  file: z.string(),
  sha256: z.string(),
});

/** A field whose text differs between two editions (both printed and not empty). */
export const ChangeSchema = z.object({
  field: ColumnKeySchema,
  from: z.string(),
  to: z.string(),
  fromEdition: EditionSchema,
  toEdition: EditionSchema,
});

/** A correction: struck in the publication ("strike"), or a target or 指標 changed between editions without a strike ("edition"). */
export const MergedRevisionSchema = RevisionSchema.extend({ source: z.enum(['strike', 'edition']) });

/** One plan over the editions of a year: the fields of the latest edition it is in, and how they moved. */
export const MergedPlanSchema = z.object({
  fiscalYear: z.number().int().nullable(),
  department: z.string(),
  division: z.string().nullable(),
  section: z.string().nullable(),
  unit: z.string().nullable(),
  mission: z.string(),
}).extend(PlanSchema.omit({ revisions: true }).shape).extend({
  revisions: z.array(MergedRevisionSchema),
  /** The editions the plan is in, earliest first. */
  editions: z.array(MergedEditionSchema),
  /** in-all: in every edition of its year; added: not in the earliest; dropped: not in the latest. */
  presence: z.enum(['in-all', 'added', 'dropped', 'added-and-dropped']),
  changes: z.array(ChangeSchema),
});
export type MergedPlan = z.infer<typeof MergedPlanSchema>;

export const MergedDocumentSchema = z.object({
  schemaVersion: z.literal('1'),
  producer: z.string(),
  years: z.array(z.object({
    fiscalYear: z.number().int().nullable(),
    editions: z.array(MergedEditionSchema),
    plans: z.array(MergedPlanSchema),
  })),
  warnings: z.array(WarningSchema),
});
export type MergedDocument = z.infer<typeof MergedDocumentSchema>;

/** One row of `merge -f csv`: one indicator part of a plan of a year, latest values, with the edition each came from. */
export const MergedCsvRowSchema = z.object({
  fiscalYear: z.number().int().nullable(),
  planId: z.string(),
  department: z.string(),
  rank: z.number().int().nullable(),
  item: z.string().nullable(),
  part: z.string().nullable(),
  indicator: z.string().nullable(),
  target: z.string().nullable(),
  targetEdition: z.string().nullable(),
  actual: z.string().nullable(),
  actualEdition: z.string().nullable(),
  achievement: z.number().nullable(),
  met: z.boolean().nullable(),
  rating: z.string().nullable(),
  ratingEdition: z.string().nullable(),
  presence: z.string(),
  editions: z.string(),
  changes: z.string().nullable(),
});
export type MergedCsvRow = z.infer<typeof MergedCsvRowSchema>;
