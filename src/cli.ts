import fs from 'node:fs';
import path from 'node:path';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { expandInputs, writeFileAtomic } from './batch/files.js';
import { DEFAULT_MAX_MEMORY_MB, defaultJobs, runBatch, type FileOutcome, type Progress } from './batch/run.js';
import { debugIndexHtml } from './debug/svg.js';
import { EXIT } from './errors.js';
import { PRODUCER, VERSION } from './version.js';
import { JSON_SCHEMAS, jsonSchemaText, type SchemaName } from './json-schema.js';
import { mergeDocuments } from './merge.js';
import { DocumentSchema, type CellsDocument, type PlanDocument, type Warning } from './schema.js';
import { mergedCsv, mergedJsonl } from './writers/merged.js';
import { dataPackage, mergedAsDocuments } from './writers/datapackage.js';
import { toXlsx } from './writers/xlsx.js';
import { tokenizerLoadCount } from './values/tokenizer.js';
import { jsonChunks, toCsv, toJsonl, type OutputFormat } from './writers/index.js';

const HELP_AFTER = `
Examples / 使用例:
  plan-extract plan.pdf > plan.json               JSON を標準出力へ / JSON to stdout
  plan-extract plan.pdf -f csv --bom > plan.csv   Excel 用 CSV / CSV for Excel
  plan-extract pdfs/ -o out/ --jobs 4             フォルダを一括変換 / convert a folder (out/index.json lists the files)
  cat plan.pdf | plan-extract - -f jsonl          標準入力から / from standard input
  plan-extract plan.pdf --pages 1-3,7 --debug dbg/   ページ指定と SVG 出力 / some pages, SVG per page
  plan-extract schema csv                         出力の JSON Schema / JSON Schema of an output

Exit codes / 終了コード (in a batch the highest code wins / 一括変換では最大値):
  0  ok / 正常
  1  usage error / 引数の誤り
  2  input unreadable: missing, not a PDF, corrupt, encrypted, over a limit / 入力を読めない
  3  extraction warnings under --strict (any warning under --strict=all) / --strict で警告あり
  4  no 実行計画 table found, or no text layer / 実行計画の表がない・テキストがない
  70 internal error / 内部エラー
`;

type Format = OutputFormat;

interface CliOptions {
  format: Format;
  out?: string;
  jobs: number;
  pages?: number[];
  password?: string;
  /** true: fail on extraction warnings; 'all': on findings too. */
  strict?: true | 'all';
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

const EXTENSIONS: Record<Format, string> = { json: '.json', jsonl: '.jsonl', csv: '.csv', cells: '.cells.json', datapackage: '', xlsx: '.xlsx' };

/** "1-3,7" → [1, 2, 3, 7]. */
export function parsePageSpec(spec: string): number[] {
  const pages = new Set<number>();
  for (const part of spec.split(',')) {
    const m = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(part);
    if (!m) throw new InvalidArgumentError(`not a page list: ${spec} (example: 1-3,7)`);
    const from = Number(m[1]);
    const to = m[2] ? Number(m[2]) : from;
    if (from < 1 || to < from || to - from > 100_000) throw new InvalidArgumentError(`not a page range: ${part.trim()}`);
    for (let p = from; p <= to; p++) pages.add(p);
  }
  return [...pages].sort((a, b) => a - b);
}

const positiveInt = (name: string) => (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`${name} must be a positive integer`);
  return n;
};

const nonNegative = (name: string) => (v: string) => {
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError(`${name} must be a number of seconds (0 = no limit)`);
  return n;
};

const fiscalYearArg = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1900 || n > 2200) throw new InvalidArgumentError('--year must be a year such as 2023');
  return n;
};

const megabytes = (v: string) => {
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError('--max-memory must be a number of megabytes (0 = no limit)');
  return n;
};

async function readStdin(): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return new Uint8Array(Buffer.concat(chunks));
}

/** The command line flag of each option a library message names ("see the maxPages option"). */
const FLAGS: Record<string, string> = { maxPages: '--max-pages', password: '--password', maxMemory: '--max-memory', timeout: '--timeout' };

/** A library message as the command line says it: options named by their flags. */
function cliMessage(message: string): string {
  return message.replace(/(see )?the (\w+) option/g, (all, see: string | undefined, name: string) => (FLAGS[name] ? `${see ?? ''}${FLAGS[name]}` : all));
}

/** Messages are one line on stderr, whatever text they quote: line breaks are written as \\n. */
function oneLine(text: string): string {
  return text.replace(/\r?\n/g, '\\n');
}

function warningLine(file: string, w: Warning): string {
  const where = [w.page ? `page ${w.page}` : '', w.department ? `${w.department}${w.rank !== undefined && w.rank !== null ? ` #${w.rank}` : ''}` : '', w.field ?? '']
    .filter(Boolean)
    .join(', ');
  return `plan-extract: ${file}: warning ${w.code}: ${oneLine(w.message)}${where ? ` (${oneLine(where)})` : ''}\n`;
}

/** The output of one document, in pieces (a large JSON document is never one string). */
function format(doc: PlanDocument | CellsDocument, opts: CliOptions): Iterable<string> {
  if (opts.format === 'cells' || opts.format === 'json') return jsonChunks(doc);
  if (opts.format === 'jsonl') return [toJsonl(doc as PlanDocument)];
  return [toCsv(doc as PlanDocument, { header: opts.header, bom: opts.bom, escapeFormulas: opts.escapeFormulas })];
}

function writeStdout(chunks: Iterable<string>): void {
  for (const chunk of chunks) process.stdout.write(chunk);
}

interface Summary {
  input: string;
  output: string | null;
  sha256: string | null;
  pages: number | null;
  sections: number;
  plans: number;
  revisions: number;
  warnings: number;
  /** Of the warnings: extraction warnings (our doubt) and findings about the publication's data. */
  extractionWarnings: number;
  findings: number;
  status: 'ok' | 'warnings' | 'error';
  exitCode: number;
  error?: { code: string; message: string };
  ms: number;
}

function summarize(outcome: FileOutcome, opts: CliOptions, output: string | null): Summary {
  if (!outcome.ok) {
    return {
      input: outcome.input.path, output: null, sha256: null, pages: null, sections: 0, plans: 0, revisions: 0, warnings: 0, extractionWarnings: 0, findings: 0,
      status: 'error', exitCode: outcome.error.exitCode, error: { code: outcome.error.code, message: cliMessage(outcome.error.message) }, ms: outcome.ms,
    };
  }
  const doc = outcome.doc;
  const sections = 'sections' in doc ? doc.sections : [];
  const warnings = doc.warnings.length;
  const findings = doc.warnings.filter((w) => w.kind === 'finding').length;
  const failing = opts.strict === 'all' ? warnings : opts.strict ? warnings - findings : 0;
  return {
    input: outcome.input.path,
    output,
    sha256: doc.source.sha256,
    pages: outcome.pageCount,
    sections: sections.length,
    plans: sections.reduce((t, s) => t + s.plans.length, 0),
    revisions: sections.reduce((t, s) => t + s.plans.reduce((u, p) => u + p.revisions.length, 0), 0),
    warnings,
    extractionWarnings: warnings - findings,
    findings,
    status: warnings ? 'warnings' : 'ok',
    exitCode: failing ? EXIT.warnings : EXIT.ok,
    ms: outcome.ms,
  };
}

function reportTable(rows: Summary[]): string {
  const head = ['file', 'status', 'pages', 'sections', 'plans', 'revisions', 'warnings', 'findings', 'seconds'];
  const body = rows.map((r) => [r.input, r.status === 'error' ? `error ${r.exitCode}` : r.status, String(r.pages ?? '-'), String(r.sections), String(r.plans), String(r.revisions), String(r.extractionWarnings), String(r.findings), (r.ms / 1000).toFixed(2)]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n') + '\n';
}

function progressLine(p: Progress): string {
  const secs = p.elapsedMs / 1000;
  const rate = secs > 0 ? p.pagesDone / secs : 0;
  // Once a file is done, the time per byte of the files done estimates all the rest; before, the
  // pages of the files opened so far are all there is to go by.
  const left = p.bytesDone > 0 ? (secs * (p.bytesTotal - p.bytesDone)) / p.bytesDone : rate > 0 ? (p.pagesKnown - p.pagesDone) / rate : 0;
  const eta = left > 0 ? `, ETA ${Math.ceil(left)} s` : '';
  return `\rplan-extract: ${p.filesDone}/${p.filesTotal} files, ${p.pagesDone} pages, ${rate.toFixed(1)} pages/s${eta}\x1b[K`;
}

async function runExtract(args: string[], opts: CliOptions): Promise<number> {
  if (args.filter((a) => a === '-').length > 1) {
    process.stderr.write('plan-extract: standard input (-) can be read only once\n');
    return EXIT.usage;
  }
  if ((opts.format !== 'csv' && opts.bom) || (!['csv', 'xlsx'].includes(opts.format) && opts.header !== 'ja')) {
    process.stderr.write(`plan-extract: note: --bom applies to -f csv, --header to -f csv and xlsx; ignored for -f ${opts.format}\n`);
  }
  if (opts.format === 'datapackage' && !opts.out) {
    process.stderr.write('plan-extract: -f datapackage writes several files: give a folder with -o\n');
    return EXIT.usage;
  }
  const { inputs, missing } = expandInputs(args);
  let worst: number = EXIT.ok;
  // Formats written once for all inputs: a data package, or one workbook on standard output.
  const collected: PlanDocument[] = [];
  const collect = opts.format === 'datapackage' || (opts.format === 'xlsx' && !opts.out);
  for (const m of missing) {
    process.stderr.write(`plan-extract: ${m}: no such file or directory\n`);
    worst = Math.max(worst, EXIT.unreadable);
  }
  if (!inputs.length) {
    if (!missing.length) process.stderr.write(`plan-extract: no PDF files found in ${args.join(', ')}\n`);
    return missing.length ? worst : EXIT.unreadable;
  }
  for (const [flag, dir] of [['-o', opts.out], ['--debug', opts.debug]] as const) {
    if (!dir) continue;
    try {
      fs.mkdirSync(dir, { recursive: true });
      fs.accessSync(dir, fs.constants.W_OK);
    } catch (err) {
      process.stderr.write(`plan-extract: ${flag} ${dir}: cannot write there (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})\n`);
      return EXIT.usage;
    }
  }
  const toStdout = !opts.out;
  const combined = toStdout && (inputs.length > 1 || args.some((a) => a !== '-' && fs.statSync(a, { throwIfNoEntry: false })?.isDirectory()));
  const summaries: Summary[] = [];
  const showProgress = !opts.quiet && process.stderr.isTTY === true;
  let wroteAny = false;

  const onFile = async (outcome: FileOutcome) => {
    const name = outcome.input.path === '-' ? 'stdin' : outcome.input.path;
    let output: string | null = null;
    if (showProgress) process.stderr.write('\r\x1b[K');
    if (!outcome.ok) {
      process.stderr.write(`plan-extract: ${name}: ${oneLine(cliMessage(outcome.error.message))}\n`);
      // An output of an earlier run for this input would be taken for this run's: remove it.
      if (opts.out && !collect) fs.rmSync(path.join(opts.out, outcome.input.outName + EXTENSIONS[opts.format]), { force: true });
    } else {
      if (!opts.quiet) for (const w of outcome.doc.warnings) process.stderr.write(warningLine(name, w));
      if (collect) {
        collected.push(outcome.doc as PlanDocument);
        output = opts.format === 'datapackage' ? 'datapackage.json' : null;
      } else if (opts.format === 'xlsx') {
        output = outcome.input.outName + EXTENSIONS.xlsx;
        const file = path.join(opts.out!, output);
        fs.mkdirSync(path.dirname(file), { recursive: true });
        writeFileAtomic(file, await toXlsx([outcome.doc as PlanDocument], { header: opts.header }));
      } else if (opts.out) {
        output = outcome.input.outName + EXTENSIONS[opts.format];
        const file = path.join(opts.out, output);
        fs.mkdirSync(path.dirname(file), { recursive: true });
        writeFileAtomic(file, format(outcome.doc, opts));
      } else if (!combined) {
        writeStdout(format(outcome.doc, opts));
      } else if (opts.format === 'json' || opts.format === 'cells') {
        process.stdout.write(wroteAny ? ',\n' : '[\n');
        const chunks = [...jsonChunks(outcome.doc)];
        chunks[chunks.length - 1] = '}';
        writeStdout(chunks);
      } else if (opts.format === 'jsonl') {
        process.stdout.write(toJsonl(outcome.doc as PlanDocument));
      } else {
        // One CSV for the whole batch: the header once, then every file's rows.
        const text = toCsv(outcome.doc as PlanDocument, { header: opts.header, bom: opts.bom && !wroteAny, escapeFormulas: opts.escapeFormulas });
        process.stdout.write(wroteAny ? text.slice(text.indexOf('\r\n') + 2) : text);
      }
      wroteAny = true;
    }
    const summary = summarize(outcome, opts, output);
    summaries.push(summary);
    worst = Math.max(worst, summary.exitCode);
  };

  await runBatch(inputs, {
    jobs: opts.jobs,
    format: opts.format === 'cells' ? 'cells' : 'json',
    pages: opts.pages,
    password: opts.password,
    maxPages: opts.maxPages,
    timeoutMs: opts.timeout > 0 ? opts.timeout * 1000 : undefined,
    maxMemoryMb: opts.maxMemory > 0 ? opts.maxMemory : undefined,
    fiscalYear: opts.year,
    debugDir: opts.debug,
    readStdin,
    onFile,
    onProgress: showProgress ? (p) => process.stderr.write(progressLine(p)) : undefined,
  });
  if (showProgress) process.stderr.write('\r\x1b[K');
  if (opts.debug) {
    const svgs = fs.readdirSync(opts.debug).filter((f) => f.endsWith('.svg')).sort();
    writeFileAtomic(path.join(opts.debug, 'index.html'), debugIndexHtml(svgs));
  }
  if (combined && (opts.format === 'json' || opts.format === 'cells')) process.stdout.write(wroteAny ? '\n]\n' : '[]\n');
  if (opts.format === 'datapackage' && collected.length) {
    const name = inputs.length === 1 ? inputs[0].outName : path.basename(path.resolve(opts.out!));
    for (const [file, content] of dataPackage(collected, name).files) writeFileAtomic(path.join(opts.out!, file), content);
  }
  if (opts.format === 'xlsx' && !opts.out && collected.length) process.stdout.write(await toXlsx(collected, { header: opts.header }));
  if (opts.out) {
    const index = summaries.map(({ ms: _ms, ...rest }) => rest);
    writeFileAtomic(path.join(opts.out, 'index.json'), JSON.stringify({ schemaVersion: '1', producer: PRODUCER, format: opts.format, files: index }, null, 2) + '\n');
  }
  if (opts.report) process.stderr.write(reportTable(summaries));
  return worst;
}

interface MergeOptions {
  format: 'json' | 'jsonl' | 'csv' | 'datapackage';
  out?: string;
  year?: number;
  bom?: boolean;
  quiet?: boolean;
  jobs: number;
}

/** `plan-extract merge`: reads every input (PDFs through the batch, JSON outputs validated), merges them, writes one dataset. */
async function runMerge(args: string[], opts: MergeOptions): Promise<number> {
  const docs: PlanDocument[] = [];
  let worst: number = EXIT.ok;
  const jsonInputs = args.filter((a) => a.toLowerCase().endsWith('.json'));
  for (const file of jsonInputs) {
    try {
      const parsed = DocumentSchema.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
      if (!parsed.success) throw new Error(`not a plan-extract JSON document (${parsed.error.issues[0].path.join('.')}: ${parsed.error.issues[0].message})`);
      docs.push(parsed.data as PlanDocument);
    } catch (err) {
      process.stderr.write(`plan-extract: ${file}: ${oneLine((err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : (err as Error).message)}\n`);
      worst = Math.max(worst, EXIT.unreadable);
    }
  }
  const { inputs, missing } = expandInputs(args.filter((a) => !jsonInputs.includes(a)));
  for (const m of missing) {
    process.stderr.write(`plan-extract: ${m}: no such file or directory\n`);
    worst = Math.max(worst, EXIT.unreadable);
  }
  await runBatch(inputs, {
    jobs: opts.jobs, format: 'json', fiscalYear: opts.year, maxMemoryMb: DEFAULT_MAX_MEMORY_MB, readStdin,
    onFile: (outcome) => {
      if (outcome.ok) docs.push(outcome.doc as PlanDocument);
      else {
        process.stderr.write(`plan-extract: ${outcome.input.path}: ${oneLine(cliMessage(outcome.error.message))}\n`);
        worst = Math.max(worst, outcome.error.exitCode);
      }
    },
  });
  if (!docs.length) return Math.max(worst, EXIT.unreadable);
  const merged = mergeDocuments(docs);
  if (!opts.quiet) for (const w of merged.warnings) process.stderr.write(warningLine('merge', w));
  if (opts.format === 'datapackage') {
    if (!opts.out) {
      process.stderr.write('plan-extract: merge -f datapackage writes several files: give a folder with -o\n');
      return EXIT.usage;
    }
    fs.mkdirSync(opts.out, { recursive: true });
    for (const [file, content] of dataPackage(mergedAsDocuments(merged), path.basename(path.resolve(opts.out))).files) writeFileAtomic(path.join(opts.out, file), content);
    return worst;
  }
  const text = opts.format === 'json' ? [...jsonChunks(merged)] : opts.format === 'jsonl' ? [mergedJsonl(merged)] : [mergedCsv(merged, { bom: opts.bom })];
  if (opts.out) writeFileAtomic(opts.out, text);
  else writeStdout(text);
  return worst;
}

export async function main(argv: string[]): Promise<number> {
  let code: number = EXIT.ok;
  const program = new Command();
  program
    .name('plan-extract')
    // Options after a subcommand (merge -f csv) are the subcommand's own.
    .enablePositionalOptions()
    .version(VERSION, '-V, --version', 'print the version')
    .helpCommand('help', 'print this help')
    .description('実行計画(年度目標) PDF → validated JSON / CSV (struck-through corrections recognised)')
    .argument('<inputs...>', 'PDF files or directories (searched recursively for *.pdf); - reads one PDF from standard input')
    .addOption(new Option('-f, --format <format>', 'output format (datapackage: a Frictionless Data Package in -o DIR; xlsx: an Excel workbook)').choices(['json', 'jsonl', 'csv', 'cells', 'datapackage', 'xlsx']).default('json'))
    .option('-o, --out <dir>', 'write one output per input into DIR, plus DIR/index.json')
    .addOption(new Option('-j, --jobs <n>', 'worker threads').argParser(positiveInt('--jobs')).default(defaultJobs(), 'number of CPUs'))
    .option('--pages <list>', 'pages to read, e.g. 1-3,7', (v) => parsePageSpec(v))
    .option('--password <password>', 'password of an encrypted PDF')
    .addOption(new Option('--strict [which]', 'exit with code 3 on extraction warnings (--strict=all: on findings such as RATING_MISMATCH too)').choices(['all']))
    .option('-q, --quiet', 'no warnings and no progress on stderr')
    .option('--report', 'print a summary table per file on stderr')
    .option('--debug <dir>', 'write an SVG per page showing glyphs, rules, cells, header mapping and struck text')
    .addOption(new Option('--header <lang>', 'CSV column names: ja (as printed) or en (keys)').choices(['ja', 'en']).default('ja'))
    .option('--bom', 'start CSV with a UTF-8 BOM (Excel on Japanese Windows)')
    .option('--no-escape-formulas', 'write CSV cells starting with = + - @ as they are (by default a \' is put before them)')
    .option('--max-pages <n>', 'refuse documents with more pages', positiveInt('--max-pages'), 5000)
    .option('--timeout <seconds>', 'time limit per file (0 = none)', nonNegative('--timeout'), 600)
    .option('--year <year>', 'the fiscal year of the inputs (default: read from the publication or its file name)', fiscalYearArg)
    .option('--max-memory <mb>', 'stop reading a file when the process holds more memory than this many MB (0 = none)', megabytes, DEFAULT_MAX_MEMORY_MB)
    .addHelpText('after', HELP_AFTER)
    .showHelpAfterError('(plan-extract --help for usage)')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s), writeOut: (s) => process.stdout.write(s) })
    .action(async (inputs: string[], opts: CliOptions) => {
      code = await runExtract(inputs, opts);
    });
  program
    .command('merge')
    .description('merge editions and years (PDFs and/or JSON outputs of plan-extract) into one dataset')
    .argument('<inputs...>', 'PDF files, directories of PDFs, or JSON files written by plan-extract')
    .addOption(new Option('-f, --format <format>', 'output format (datapackage: a Frictionless Data Package in the folder -o names)').choices(['json', 'jsonl', 'csv', 'datapackage']).default('json'))
    .option('-o, --out <file>', 'write the merged dataset to FILE (a folder for datapackage) instead of standard output')
    .option('--year <year>', 'the fiscal year of the PDF inputs (default: read from each publication or its file name)', fiscalYearArg)
    .option('--bom', 'start CSV with a UTF-8 BOM')
    .option('-q, --quiet', 'no warnings on stderr')
    .addOption(new Option('-j, --jobs <n>', 'worker threads').argParser(positiveInt('--jobs')).default(defaultJobs(), 'number of CPUs'))
    .action(async (inputs: string[], opts: MergeOptions) => {
      code = await runMerge(inputs, opts);
    });
  program
    .command('schema')
    .description('print the JSON Schema of an output format')
    .argument('[format]', 'json, jsonl, csv (typed), csv-text (as a CSV reader gives it) or cells', 'json')
    .action((name: string) => {
      if (!(name in JSON_SCHEMAS)) {
        process.stderr.write(`plan-extract: unknown schema "${name}" (${Object.keys(JSON_SCHEMAS).join(', ')})\n`);
        code = EXIT.usage;
        return;
      }
      process.stdout.write(jsonSchemaText(name as SchemaName));
    });
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
    throw err;
  }
  return code;
}


/** Resource figures of this process, printed on stderr when PLAN_EXTRACT_STATS=1 (used by the benchmark). */
export function processStats(): { maxRssKb: number; tokenizerLoads: number } {
  return { maxRssKb: process.resourceUsage().maxRSS, tokenizerLoads: tokenizerLoadCount() };
}
