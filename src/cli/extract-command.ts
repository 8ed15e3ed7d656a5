import fs from 'node:fs';
import path from 'node:path';
import { expandInputs, type InputFile } from '../batch/files.js';
import { runBatch, type FileOutcome } from '../batch/run.js';
import { EXIT } from '../errors.js';
import { openSink, type Format, type Sink } from '../writers/sink.js';
import { cliMessage, oneLine, progressLine, reportTable, summarize, warningLine, writeIndex, type Strictness, type Summary } from './report.js';

export interface ExtractCliOptions {
  format: Format;
  out?: string;
  jobs: number;
  pages?: number[];
  password?: string;
  strict?: Strictness;
  escapeFormulas: boolean;
  quiet?: boolean;
  report?: boolean;
  debug?: string;
  header: 'ja' | 'en';
  bom?: boolean;
  maxPages: number;
  timeout: number;
  maxMemory: number;
  year?: number;
}

/** A usage problem of the options, as the message to print, or null; a note on options that do not apply. */
function usageProblem(args: string[], opts: ExtractCliOptions): string | null {
  if (args.filter((a) => a === '-').length > 1) return 'standard input (-) can be read only once';
  if ((opts.format !== 'csv' && opts.bom) || (!['csv', 'xlsx'].includes(opts.format) && opts.header !== 'ja')) {
    process.stderr.write(`plan-extract: note: --bom applies to -f csv, --header to -f csv and xlsx; ignored for -f ${opts.format}\n`);
  }
  if (opts.format === 'datapackage' && !opts.out) return '-f datapackage writes several files: give a folder with -o';
  return null;
}

/** Creates the -o and --debug folders; a message when one cannot be written. */
function prepareFolders(opts: ExtractCliOptions): string | null {
  for (const [flag, dir] of [['-o', opts.out], ['--debug', opts.debug]] as const) {
    if (!dir) continue;
    try {
      fs.mkdirSync(dir, { recursive: true });
      fs.accessSync(dir, fs.constants.W_OK);
    } catch (err) {
      return `${flag} ${dir}: cannot write there (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`;
    }
  }
  return null;
}

/** Where the documents go: a folder with one output per input, or standard output (one document, or several as one). */
function sinkFor(args: string[], inputs: InputFile[], opts: ExtractCliOptions): Sink {
  const csv = { header: opts.header, bom: opts.bom, escapeFormulas: opts.escapeFormulas };
  if (opts.out) {
    const packageName = inputs.length === 1 ? inputs[0].outName : path.basename(path.resolve(opts.out));
    return openSink(opts.format, { kind: 'folder', dir: opts.out, packageName }, csv);
  }
  const many = inputs.length > 1 || args.some((a) => a !== '-' && fs.statSync(a, { throwIfNoEntry: false })?.isDirectory());
  return openSink(opts.format, { kind: 'stream', write: (chunk) => process.stdout.write(chunk), many }, csv);
}

/** `plan-extract FILES…`: every input read through the batch and written as it is done, in input order. */
export async function runExtract(args: string[], opts: ExtractCliOptions): Promise<number> {
  const problem = usageProblem(args, opts);
  if (problem) {
    process.stderr.write(`plan-extract: ${problem}\n`);
    return EXIT.usage;
  }
  const { inputs, missing } = expandInputs(args);
  for (const m of missing) process.stderr.write(`plan-extract: ${m}: no such file or directory\n`);
  let worst: number = missing.length ? EXIT.unreadable : EXIT.ok;
  if (!inputs.length) {
    if (!missing.length) process.stderr.write(`plan-extract: no PDF files found in ${args.join(', ')}\n`);
    return missing.length ? worst : EXIT.unreadable;
  }
  const folderProblem = prepareFolders(opts);
  if (folderProblem) {
    process.stderr.write(`plan-extract: ${folderProblem}\n`);
    return EXIT.usage;
  }
  const sink = sinkFor(args, inputs, opts);
  const summaries: Summary[] = [];
  const showProgress = !opts.quiet && process.stderr.isTTY === true;
  const onFile = async (outcome: FileOutcome) => {
    if (showProgress) process.stderr.write('\r\x1b[K');
    const summary = summarize(outcome, opts.strict, await writeOutcome(outcome, sink, opts.quiet));
    summaries.push(summary);
    worst = Math.max(worst, summary.exitCode);
  };
  await runBatch(inputs, {
    jobs: opts.jobs,
    format: opts.format === 'cells' ? 'cells' : 'json',
    // --pages is parsed into a sorted list of pages, each once (parsePageSpec).
    read: { pages: opts.pages, password: opts.password, maxPages: opts.maxPages, fiscalYear: opts.year },
    timeoutMs: opts.timeout > 0 ? opts.timeout * 1000 : undefined,
    maxMemoryMb: opts.maxMemory > 0 ? opts.maxMemory : undefined,
    debugDir: opts.debug,
    onFile,
    onProgress: showProgress ? (p) => process.stderr.write(progressLine(p)) : undefined,
  });
  if (showProgress) process.stderr.write('\r\x1b[K');
  if (opts.debug) (await import('../debug/svg.js')).writeDebugIndex(opts.debug);
  await sink.close();
  if (opts.out) writeIndex(opts.out, opts.format, summaries);
  if (opts.report) process.stderr.write(reportTable(summaries));
  return worst;
}

/** Writes one file's document (or says why there is none) and its warnings; the name of the output file, if any. */
async function writeOutcome(outcome: FileOutcome, sink: Sink, quiet?: boolean): Promise<string | null> {
  const name = outcome.input.path === '-' ? 'stdin' : outcome.input.path;
  if (!outcome.ok) {
    process.stderr.write(`plan-extract: ${name}: ${oneLine(cliMessage(outcome.error.message))}\n`);
    sink.failed(outcome.input.outName);
    return null;
  }
  if (!quiet) for (const w of outcome.doc.warnings) process.stderr.write(warningLine(name, w));
  return sink.write(outcome.doc, outcome.input.outName);
}
