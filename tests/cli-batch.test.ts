import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DocumentSchema } from '../src/schema.js';
import { cli, fixture } from './helpers/cli.js';

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plan-extract-cli-'));
  fs.mkdirSync(path.join(dir, 'in', 'sub'), { recursive: true });
  fs.copyFileSync(fixture('sample-calc.pdf'), path.join(dir, 'in', 'calc.pdf'));
  fs.copyFileSync(fixture('sample-chromium.pdf'), path.join(dir, 'in', 'sub', 'chromium.pdf'));
  fs.writeFileSync(path.join(dir, 'in', 'notes.txt'), 'not a pdf, not picked up');
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('batch', () => {
  it('converts a directory with -o: one output per input and index.json', () => {
    const out = path.join(dir, 'out');
    const r = cli([path.join(dir, 'in'), '-o', out, '-q', '--jobs', '2']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    const index = JSON.parse(fs.readFileSync(path.join(out, 'index.json'), 'utf8'));
    expect(index.files.map((f: any) => [f.output, f.pages, f.sections, f.plans, f.revisions, f.status, f.exitCode])).toEqual([
      ['calc.json', 12, 6, 30, 10, 'warnings', 0],
      ['sub/chromium.json', 14, 6, 30, 10, 'warnings', 0],
    ]);
    expect(index.files[0].sha256).toMatch(/^[0-9a-f]{64}$/);
    const doc = DocumentSchema.parse(JSON.parse(fs.readFileSync(path.join(out, 'sub', 'chromium.json'), 'utf8')));
    expect(doc.source.file).toBe('chromium.pdf');
    // Nothing but the outputs: no temporary files left behind.
    const all = fs.readdirSync(out, { recursive: true }).map(String).sort();
    expect(all).toEqual(['calc.json', 'index.json', 'sub', path.join('sub', 'chromium.json')]);
  });

  it('processes every file of a batch and the highest exit code wins', () => {
    const mixed = path.join(dir, 'mixed');
    fs.mkdirSync(mixed);
    fs.copyFileSync(fixture('sample-calc.pdf'), path.join(mixed, 'a.pdf'));
    fs.writeFileSync(path.join(mixed, 'b.pdf'), 'junk');
    const out = path.join(dir, 'mixed-out');
    const r = cli([mixed, '-o', out, '-q']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(`plan-extract: ${path.join(mixed, 'b.pdf')}: not a PDF: no %PDF header`);
    const index = JSON.parse(fs.readFileSync(path.join(out, 'index.json'), 'utf8'));
    expect(index.files.map((f: any) => f.status)).toEqual(['warnings', 'error']);
    expect(fs.existsSync(path.join(out, 'a.json'))).toBe(true);
    expect(fs.existsSync(path.join(out, 'b.json'))).toBe(false);
  });

  it('writes one CSV with one header for several inputs on stdout: the header, then every row of each file', () => {
    const one = (file: string) => cli([fixture(file), '-f', 'csv', '--header', 'en', '-q']).stdout;
    const calc = one('sample-calc.pdf');
    const chromium = one('sample-chromium.pdf');
    const r = cli([fixture('sample-calc.pdf'), fixture('sample-chromium.pdf'), '-f', 'csv', '--header', 'en', '-q']);
    expect(r.code).toBe(0);
    const header = calc.slice(0, calc.indexOf('\r\n') + 2);
    expect(header.startsWith('file,planId,')).toBe(true);
    expect(r.stdout).toBe(calc + chromium.slice(header.length));
    expect(r.stdout.split(header)).toHaveLength(2);
  });
});

describe('options', () => {
  it('reads a PDF from standard input', () => {
    const r = cli(['-', '-q'], { input: fs.readFileSync(fixture('sample-calc.pdf')) });
    expect(r.code).toBe(0);
    const doc = DocumentSchema.parse(JSON.parse(r.stdout));
    expect(doc.source.file).toBe('stdin');
    expect(doc.sections).toHaveLength(6);
  });

  it('reads only the pages asked for with --pages', () => {
    const r = cli([fixture('sample-calc.pdf'), '--pages', '1-2,4', '-q']);
    expect(r.code).toBe(0);
    const doc = DocumentSchema.parse(JSON.parse(r.stdout));
    expect([...new Set(doc.sections.flatMap((s) => s.pages))].sort()).toEqual([1, 2, 4]);
    expect(doc.sections.map((s) => s.department)).toEqual(['市民部市民総務課', '市民部市民協働推進課', '市民部市民協働推進課男女平等・消費生活担当']);
  });

  it('exits 3 under --strict when there are warnings, 0 without', () => {
    expect(cli([fixture('sample-calc.pdf'), '--strict', '-q']).code).toBe(3);
    expect(cli([fixture('sample-calc.pdf'), '-q']).code).toBe(0);
    // pages 1-2 hold no rating mismatch and no missing part: no warning, so --strict passes
    expect(cli([fixture('sample-calc.pdf'), '--strict', '--pages', '1-2', '-q']).code).toBe(0);
  });

  it('prints warnings with page, department, rank and field unless --quiet', () => {
    const r = cli([fixture('sample-calc.pdf')]);
    expect(r.stderr).toContain('warning MISSING_PART: part ② is not in the target column (page 7, 市民部市民課 #1, target)');
    expect(cli([fixture('sample-calc.pdf'), '-q']).stderr).toBe('');
  });

  it('prints a summary table with --report', () => {
    const r = cli([fixture('sample-calc.pdf'), '--report', '-q']);
    expect(r.stderr).toMatch(/file\s+status\s+pages\s+sections\s+plans\s+revisions\s+warnings\s+findings\s+seconds/);
    // One extraction warning (② printed in no target cell of 市民課 #1) and three RATING_MISMATCH findings.
    expect(r.stderr).toMatch(/sample-calc\.pdf\s+warnings\s+12\s+6\s+30\s+10\s+1\s+3\s/);
  });

  it('gives exit code 1 for bad options and 4 for a PDF without a plan table', () => {
    expect(cli([fixture('sample-calc.pdf'), '--pages', 'x']).code).toBe(1);
    expect(cli([fixture('sample-calc.pdf'), '--jobs', '0']).code).toBe(1);
    const r = cli([fixture('sample-calc.pdf'), '--pages', '999']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no such page: 999 \(the document has 12 pages\)/);
  });

  it('prints the JSON Schema of each format', () => {
    for (const f of ['json', 'jsonl', 'csv', 'cells']) {
      const r = cli(['schema', f]);
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout).$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    }
    expect(cli(['schema', 'xml']).code).toBe(1);
  });

  it('has examples and exit codes in --help', () => {
    const r = cli(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Exit codes / 終了コード');
    expect(r.stdout).toContain('使用例');
  });
});

describe('--debug', () => {
  it('writes one SVG per page that parses as XML and shows the detected cells', () => {
    const dbg = path.join(dir, 'debug');
    const r = cli([fixture('sample-chromium.pdf'), '--debug', dbg, '-q', '--pages', '8-9']);
    expect(r.code).toBe(0);
    const files = fs.readdirSync(dbg).sort();
    expect(files).toEqual(['index.html', 'sample-chromium-p008.svg', 'sample-chromium-p009.svg']);
    // index.html pages through the SVGs.
    expect(fs.readFileSync(path.join(dbg, 'index.html'), 'utf8')).toContain('const svgs = ["sample-chromium-p008.svg","sample-chromium-p009.svg"];');
    files.shift();
    const svg = fs.readFileSync(path.join(dbg, files[1]), 'utf8');
    expect(XMLValidator.validate(svg)).toBe(true);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect((svg.match(/class="cell"/g) ?? []).length).toBe(59);
    expect(svg).toContain('data-row="0" data-col="3" data-rowspan="1" data-colspan="3"');
    expect(svg).toMatch(/class="glyph struck"/);
    expect(svg).toMatch(/class="strike"/);
    expect(svg).toContain('>target</text>');
    // A legend under the page, and the text outside every table marked.
    expect(svg).toContain('<g class="legend">');
    expect(svg).toContain('text outside every table (pageText / TEXT_OUTSIDE_TABLE)');
  });
});

describe('determinism', () => {
  it('gives byte-identical output for the same input', () => {
    const a = cli([fixture('sample-chromium.pdf'), '-q', '--jobs', '2']);
    const b = cli([fixture('sample-chromium.pdf'), '-q', '--jobs', '1']);
    expect(a.code).toBe(0);
    expect(a.stdoutBytes.equals(b.stdoutBytes)).toBe(true);
    // Split over two workers (pages counted, then read in chunks) or read whole by one: the same CSV.
    const c = cli([fixture('sample-chromium.pdf'), '-q', '-f', 'csv', '--jobs', '2']);
    const d = cli([fixture('sample-chromium.pdf'), '-q', '-f', 'csv', '--jobs', '1']);
    expect(c.code).toBe(0);
    expect(c.stdoutBytes.length).toBeGreaterThan(1000);
    expect(c.stdoutBytes.equals(d.stdoutBytes)).toBe(true);
  });
});
