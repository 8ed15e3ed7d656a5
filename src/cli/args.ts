import { InvalidArgumentError, Option } from 'commander';
import { DEFAULT_MAX_MEMORY_MB, defaultJobs } from '../batch/run.js';
import { FORMATS } from '../writers/sink.js';

export const HELP_AFTER = `
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

export const positiveInt = (name: string) => (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`${name} must be a positive integer`);
  return n;
};

export const nonNegative = (name: string) => (v: string) => {
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError(`${name} must be a number of seconds (0 = no limit)`);
  return n;
};

export const fiscalYearArg = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1900 || n > 2200) throw new InvalidArgumentError('--year must be a year such as 2023');
  return n;
};

export const megabytes = (v: string) => {
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError('--max-memory must be a number of megabytes (0 = no limit)');
  return n;
};

export const jobsOption = () => new Option('-j, --jobs <n>', 'threads reading PDFs at once (one document: 2 or more = this thread and a parser thread)').argParser(positiveInt('--jobs')).default(defaultJobs(), 'number of CPUs');

export const formatOption = () =>
  new Option('-f, --format <format>', 'output format (datapackage: a Frictionless Data Package in -o DIR; xlsx: an Excel workbook)').choices([...FORMATS]).default('json');

export { DEFAULT_MAX_MEMORY_MB };
