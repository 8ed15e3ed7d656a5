import path from 'node:path';
import type { FileOutcome, Progress } from '../batch/run.js';
import { EXIT } from '../errors.js';
import { writeFileAtomic } from '../io.js';
import type { Warning } from '../schema.js';
import { PRODUCER } from '../version.js';

/** The command line flag of each option a library message names ("see the maxPages option"). */
const FLAGS: Record<string, string> = { maxPages: '--max-pages', password: '--password', maxMemory: '--max-memory', timeout: '--timeout' };

/** A library message as the command line says it: options named by their flags. */
export function cliMessage(message: string): string {
  return message.replace(/(see )?the (\w+) option/g, (all, see: string | undefined, name: string) => (FLAGS[name] ? `${see ?? ''}${FLAGS[name]}` : all));
}

/** Messages are one line on stderr, whatever text they quote: line breaks are written as \\n. */
export function oneLine(text: string): string {
  return text.replace(/\r?\n/g, '\\n');
}

export function warningLine(file: string, w: Warning): string {
  const where = [w.page ? `page ${w.page}` : '', w.department ? `${w.department}${w.rank !== undefined && w.rank !== null ? ` #${w.rank}` : ''}` : '', w.field ?? '']
    .filter(Boolean)
    .join(', ');
  return `plan-extract: ${file}: warning ${w.code}: ${oneLine(w.message)}${where ? ` (${oneLine(where)})` : ''}\n`;
}

export function progressLine(p: Progress): string {
  const secs = p.elapsedMs / 1000;
  const rate = secs > 0 ? p.pagesDone / secs : 0;
  // Once a file is done, the time per byte of the files done estimates all the rest; before, the
  // pages of the files opened so far are all there is to go by.
  const left = p.bytesDone > 0 ? (secs * (p.bytesTotal - p.bytesDone)) / p.bytesDone : rate > 0 ? (p.pagesKnown - p.pagesDone) / rate : 0;
  const eta = left > 0 ? `, ETA ${Math.ceil(left)} s` : '';
  return `\rplan-extract: ${p.filesDone}/${p.filesTotal} files, ${p.pagesDone} pages, ${rate.toFixed(1)} pages/s${eta}\x1b[K`;
}

/** One input's line in index.json and in --report. */
export interface Summary {
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

/** true: warnings fail the run (exit 3); 'all': findings too. */
export type Strictness = true | 'all' | undefined;

export function summarize(outcome: FileOutcome, strict: Strictness, output: string | null): Summary {
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
  const failing = strict === 'all' ? warnings : strict ? warnings - findings : 0;
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

export function reportTable(rows: Summary[]): string {
  const head = ['file', 'status', 'pages', 'sections', 'plans', 'revisions', 'warnings', 'findings', 'seconds'];
  const body = rows.map((r) => [r.input, r.status === 'error' ? `error ${r.exitCode}` : r.status, String(r.pages ?? '-'), String(r.sections), String(r.plans), String(r.revisions), String(r.extractionWarnings), String(r.findings), (r.ms / 1000).toFixed(2)]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n') + '\n';
}

/** DIR/index.json: what was written for each input, without timings (the same inputs give the same file). */
export function writeIndex(dir: string, format: string, summaries: Summary[]): void {
  const files = summaries.map(({ ms: _ms, ...rest }) => rest);
  writeFileAtomic(path.join(dir, 'index.json'), JSON.stringify({ schemaVersion: '1', producer: PRODUCER, format, files }, null, 2) + '\n');
}
