import fs from 'node:fs';
import { expandInputs } from '../batch/files.js';
import { DEFAULT_MAX_MEMORY_MB, runBatch } from '../batch/run.js';
import { EXIT } from '../errors.js';
import { mergeDocuments } from '../merge.js';
import { DocumentSchema, type PlanDocument } from '../schema.js';
import { writeMerged, type MergedFormat } from '../writers/merged.js';
import { cliMessage, oneLine, warningLine } from './report.js';

export interface MergeOptions {
  format: MergedFormat;
  out?: string;
  year?: number;
  bom?: boolean;
  quiet?: boolean;
  jobs: number;
}

const fail = (file: string, message: string) => process.stderr.write(`plan-extract: ${file}: ${oneLine(message)}\n`);

/** JSON outputs of plan-extract, validated against the document schema. */
function readJsonDocuments(files: string[], docs: PlanDocument[]): number {
  let worst: number = EXIT.ok;
  for (const file of files) {
    try {
      const parsed = DocumentSchema.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
      if (!parsed.success) throw new Error(`not a plan-extract JSON document (${parsed.error.issues[0].path.join('.')}: ${parsed.error.issues[0].message})`);
      docs.push(parsed.data as PlanDocument);
    } catch (err) {
      fail(file, (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : (err as Error).message);
      worst = Math.max(worst, EXIT.unreadable);
    }
  }
  return worst;
}

/** `plan-extract merge`: reads every input (PDFs through the batch, JSON outputs validated), merges them, writes one dataset. */
export async function runMerge(args: string[], opts: MergeOptions): Promise<number> {
  const docs: PlanDocument[] = [];
  const jsonInputs = args.filter((a) => a.toLowerCase().endsWith('.json'));
  let worst = readJsonDocuments(jsonInputs, docs);
  const { inputs, missing } = expandInputs(args.filter((a) => !jsonInputs.includes(a)));
  for (const m of missing) {
    fail(m, 'no such file or directory');
    worst = Math.max(worst, EXIT.unreadable);
  }
  await runBatch(inputs, {
    jobs: opts.jobs, format: 'json', read: { fiscalYear: opts.year }, maxMemoryMb: DEFAULT_MAX_MEMORY_MB,
    onFile: (outcome) => {
      if (outcome.ok) docs.push(outcome.doc as PlanDocument);
      else {
        fail(outcome.input.path, cliMessage(outcome.error.message));
        worst = Math.max(worst, outcome.error.exitCode);
      }
    },
  });
  if (!docs.length) return Math.max(worst, EXIT.unreadable);
  const merged = mergeDocuments(docs);
  if (!opts.quiet) for (const w of merged.warnings) process.stderr.write(warningLine('merge', w));
  if (opts.format === 'datapackage' && !opts.out) {
    process.stderr.write('plan-extract: merge -f datapackage writes several files: give a folder with -o\n');
    return EXIT.usage;
  }
  writeMerged(merged, opts.format, { out: opts.out, bom: opts.bom, write: (chunk) => process.stdout.write(chunk) });
  return worst;
}
