import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../io.js';
import type { CellsDocument, PlanDocument } from '../schema.js';
import type { CsvOptions } from './index.js';

// The writers are loaded when used: a run does not load them (nor their schemas, nor the CSV
// library) before its first page.
const toXlsx = async (docs: PlanDocument[], options: { header?: 'ja' | 'en' }) => (await import('./xlsx.js')).toXlsx(docs, options);
const dataPackage = async (docs: PlanDocument[], name: string) => (await import('./datapackage.js')).dataPackage(docs, name);

/** The output formats of the command line. */
export const FORMATS = ['json', 'jsonl', 'csv', 'cells', 'datapackage', 'xlsx'] as const;
export type Format = (typeof FORMATS)[number];

/** The file name ending of each format's per-input output (a data package is a folder of its own files). */
export const EXTENSIONS: Record<Format, string> = { json: '.json', jsonl: '.jsonl', csv: '.csv', cells: '.cells.json', datapackage: '', xlsx: '.xlsx' };

/** Where a sink writes: a stream (standard output), or a folder with one output per input. */
export type SinkTarget =
  | { kind: 'stream'; write: (chunk: string | Uint8Array) => void; /** Several documents (one JSON array, one CSV header) or exactly one. */ many: boolean }
  | { kind: 'folder'; dir: string; /** Name of the data package when there are several inputs. */ packageName: string };

/** The output of a run: documents are written in input order; `close` ends the output. */
export interface Sink {
  /** Writes one document (`outName`: its base name in a folder); returns the name of what was written, if a file. */
  write(doc: PlanDocument | CellsDocument, outName: string): Promise<string | null>;
  /** The input `outName` failed: an output of an earlier run for it would be taken for this run's, so it is removed. */
  failed(outName: string): void;
  close(): Promise<void>;
}

type TextWriters = typeof import('./index.js');
const loadTextWriters = (): Promise<TextWriters> => import('./index.js');

/** The text of one document in a format written per document (json, jsonl, csv, cells), in pieces. */
function documentText({ jsonChunks, toJsonl, toCsv }: TextWriters, format: Format, doc: PlanDocument | CellsDocument, options: CsvOptions): Iterable<string> {
  if (format === 'cells' || format === 'json') return jsonChunks(doc);
  if (format === 'jsonl') return [toJsonl(doc as PlanDocument)];
  return [toCsv(doc as PlanDocument, options)];
}

export function openSink(format: Format, target: SinkTarget, options: CsvOptions): Sink {
  return target.kind === 'folder' ? folderSink(format, target.dir, target.packageName, options) : streamSink(format, target, options);
}

/** One file per input in a folder; a data package of all inputs written when the run ends. */
function folderSink(format: Format, dir: string, packageName: string, options: CsvOptions): Sink {
  const collected: PlanDocument[] = [];
  return {
    async write(doc, outName) {
      if (format === 'datapackage') {
        collected.push(doc as PlanDocument);
        return 'datapackage.json';
      }
      const output = outName + EXTENSIONS[format];
      const file = path.join(dir, output);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      writeFileAtomic(file, format === 'xlsx' ? await toXlsx([doc as PlanDocument], { header: options.header }) : documentText(await loadTextWriters(), format, doc, options));
      return output;
    },
    failed(outName) {
      if (format !== 'datapackage') fs.rmSync(path.join(dir, outName + EXTENSIONS[format]), { force: true });
    },
    async close() {
      if (!collected.length) return;
      for (const [file, content] of (await dataPackage(collected, packageName)).files) writeFileAtomic(path.join(dir, file), content);
    },
  };
}

/** Documents on a stream: one as it is, several as one JSON array, one CSV (one header), JSONL lines, one workbook. */
function streamSink(format: Format, target: Extract<SinkTarget, { kind: 'stream' }>, options: CsvOptions): Sink {
  const collected: PlanDocument[] = [];
  let written = 0;
  const out = target.write;
  return {
    async write(doc) {
      const writers = await loadTextWriters();
      const { jsonChunks, toJsonl, csvHeader, csvBody } = writers;
      if (format === 'xlsx') collected.push(doc as PlanDocument);
      else if (!target.many) for (const chunk of documentText(writers, format, doc, options)) out(chunk);
      else if (format === 'json' || format === 'cells') {
        out(written ? ',\n' : '[\n');
        // The document's closing "}\n" becomes "}": the array's separators follow it.
        const chunks = [...jsonChunks(doc)];
        chunks[chunks.length - 1] = '}';
        for (const chunk of chunks) out(chunk);
      } else if (format === 'jsonl') out(toJsonl(doc as PlanDocument));
      else out((written ? '' : csvHeader(options)) + csvBody(doc as PlanDocument, options));
      written++;
      return null;
    },
    failed() {},
    async close() {
      if (target.many && (format === 'json' || format === 'cells')) out(written ? '\n]\n' : '[]\n');
      if (format === 'xlsx' && collected.length) out(await toXlsx(collected, { header: options.header }));
    },
  };
}
