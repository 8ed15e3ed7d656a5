import fs from 'node:fs';
import path from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { EXIT, PlanExtractError } from './errors.js';
import { extractBuffer, extractCells, readInput } from './extract.js';
import { toCsv, toJson, toJsonl } from './writers/index.js';

const HELP_AFTER = `
Examples / 使用例:
  plan-extract plan.pdf > plan.json            JSON を標準出力へ / JSON to stdout
  plan-extract plan.pdf --format csv --bom > plan.csv   Excel 用 CSV / CSV for Excel
  plan-extract plan.pdf --format cells         罫線表のセル / raw table cells

Exit codes / 終了コード:
  0  ok / 正常
  1  usage error / 引数の誤り
  2  input unreadable: missing, not a PDF, corrupt, encrypted / 入力を読めない
  3  warnings under --strict / --strict で警告あり
  4  no 実行計画 table found (or no text layer) / 実行計画の表がない
`;

async function readStdin(): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return new Uint8Array(Buffer.concat(chunks));
}

export async function main(argv: string[]): Promise<number> {
  const program = new Command();
  program
    .name('plan-extract')
    .description('実行計画(年度目標) PDF → validated JSON / CSV')
    .argument('<input>', 'PDF file, or - for standard input')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['json', 'jsonl', 'csv', 'cells']).default('json'))
    .addOption(new Option('--header <lang>', 'CSV column names: ja (as printed) or en (keys)').choices(['ja', 'en']).default('ja'))
    .option('--bom', 'start CSV with a UTF-8 BOM (Excel on Japanese Windows)')
    .option('--password <password>', 'password of an encrypted PDF')
    .option('--strict', 'exit with code 3 when there are warnings')
    .option('-q, --quiet', 'print no warnings on stderr')
    .addHelpText('after', HELP_AFTER)
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  try {
    program.parse(argv, { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
    throw err;
  }
  const opts = program.opts<{ format: string; password?: string; strict?: boolean; quiet?: boolean; header: 'ja' | 'en'; bom?: boolean }>();
  const input = program.args[0];
  try {
    const data = input === '-' ? await readStdin() : await readInput(input);
    const fileName = input === '-' ? 'stdin' : path.basename(input);
    if (opts.format === 'cells') {
      const cells = await extractCells(data, { fileName, password: opts.password });
      process.stdout.write(toJson(cells));
      return EXIT.ok;
    }
    const doc = await extractBuffer(data, { fileName, password: opts.password });
    process.stdout.write(opts.format === 'csv' ? toCsv(doc, { header: opts.header, bom: opts.bom }) : opts.format === 'jsonl' ? toJsonl(doc) : toJson(doc));
    if (!opts.quiet) for (const w of doc.warnings) process.stderr.write(`plan-extract: warning: ${w.code}: ${w.message}${w.page ? ` (page ${w.page})` : ''}\n`);
    return opts.strict && doc.warnings.length ? EXIT.warnings : EXIT.ok;
  } catch (err) {
    if (err instanceof PlanExtractError) {
      process.stderr.write(`plan-extract: ${input}: ${err.message}\n`);
      return err.exitCode;
    }
    process.stderr.write(`plan-extract: ${input}: internal error: ${(err as Error)?.message ?? String(err)}\n`);
    return EXIT.internal;
  }
}
