import { z } from 'zod';
import { CellsDocumentSchema, CsvRowSchema, CsvTextRowSchema, DocumentSchema, JsonlRecordSchema, MergedDocumentSchema } from './schema.js';

/** JSON Schema of each output format, generated from the zod schemas (schemas/*.schema.json). */
export const JSON_SCHEMAS = {
  json: { file: 'plan-extract.schema.json', schema: DocumentSchema, title: 'plan-extract JSON document' },
  jsonl: { file: 'plan-extract-jsonl.schema.json', schema: JsonlRecordSchema, title: 'plan-extract JSONL record (one line)' },
  csv: { file: 'plan-extract-csv-row.schema.json', schema: CsvRowSchema, title: 'plan-extract CSV row, typed (English header keys; empty cell = null)' },
  'csv-text': { file: 'plan-extract-csv-text-row.schema.json', schema: CsvTextRowSchema, title: 'plan-extract CSV row as a CSV reader gives it (English header keys; every value a string, empty cell = "")' },
  cells: { file: 'plan-extract-cells.schema.json', schema: CellsDocumentSchema, title: 'plan-extract --format cells document' },
  merged: { file: 'plan-extract-merged.schema.json', schema: MergedDocumentSchema, title: 'plan-extract merge: editions and years as one dataset' },
} as const;

export type SchemaName = keyof typeof JSON_SCHEMAS;

export function jsonSchema(name: SchemaName): Record<string, unknown> {
  const { schema, title } = JSON_SCHEMAS[name];
  return { title, ...z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'output' }) };
}

export function jsonSchemaText(name: SchemaName): string {
  return JSON.stringify(jsonSchema(name), null, 2) + '\n';
}
