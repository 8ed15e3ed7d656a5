import { Command, CommanderError, Option } from 'commander';
import { EXIT } from './errors.js';
import { VERSION } from './version.js';
import { DEFAULT_MAX_MEMORY_MB, fiscalYearArg, formatOption, HELP_AFTER, jobsOption, megabytes, nonNegative, parsePageSpec, positiveInt } from './cli/args.js';
import { runExtract, type ExtractCliOptions } from './cli/extract-command.js';
import type { MergeOptions } from './cli/merge-command.js';

export { parsePageSpec } from './cli/args.js';

/** The command line: `plan-extract FILES…`, `plan-extract merge`, `plan-extract schema`. Returns the exit code. */
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
    .addOption(formatOption())
    .option('-o, --out <dir>', 'write one output per input into DIR, plus DIR/index.json')
    .addOption(jobsOption())
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
    .action(async (inputs: string[], opts: ExtractCliOptions) => {
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
    .addOption(jobsOption())
    .action(async (inputs: string[], opts: MergeOptions) => {
      // Loaded when used: what a run of the main command does not need is not loaded before its first page.
      const { runMerge } = await import('./cli/merge-command.js');
      code = await runMerge(inputs, opts);
    });
  program
    .command('schema')
    .description('print the JSON Schema of an output format')
    .argument('[format]', 'json, jsonl, csv (typed), csv-text (as a CSV reader gives it) or cells', 'json')
    .action(async (name: string) => {
      const { JSON_SCHEMAS, jsonSchemaText } = await import('./json-schema.js');
      if (!(name in JSON_SCHEMAS)) {
        process.stderr.write(`plan-extract: unknown schema "${name}" (${Object.keys(JSON_SCHEMAS).join(', ')})\n`);
        code = EXIT.usage;
        return;
      }
      process.stdout.write(jsonSchemaText(name as keyof typeof JSON_SCHEMAS));
    });
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
    throw err;
  }
  return code;
}
