import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CellsDocumentSchema, DocumentSchema } from '../src/schema.js';
import { cli, fixture, root } from './helpers/cli.js';
import { testDir } from './helpers/temp.js';

describe('plan-extract CLI', () => {
  it('prints the validated JSON of a sample', () => {
    const r = cli([fixture('sample-calc.pdf')]);
    expect(r.code).toBe(0);
    const doc = DocumentSchema.parse(JSON.parse(r.stdout));
    expect(doc.source.file).toBe('sample-calc.pdf');
    expect(doc.source.pageCount).toBe(12);
    expect(doc.sections).toHaveLength(6);
  });

  it('prints every table as cells with --format cells', () => {
    const r = cli([fixture('sample-chromium.pdf'), '--format', 'cells']);
    expect(r.code).toBe(0);
    const doc = CellsDocumentSchema.parse(JSON.parse(r.stdout));
    expect(doc.pages).toHaveLength(14);
    const header = doc.pages[0].tables[1].rows[0].find((c) => c.text === '年度目標設定')!;
    expect(header).toMatchObject({ row: 0, col: 3, rowSpan: 1, colSpan: 3 });
    const struck = doc.pages.flatMap((p) => p.tables.flatMap((t) => t.rows.flat())).filter((c) => c.segments.some((s) => s.struck));
    expect(struck.length).toBeGreaterThanOrEqual(8);
  });

  it('exits 2 with one line for a missing file and for a file that is not a PDF', () => {
    const missing = cli(['/nonexistent/x.pdf']);
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    expect(missing.stderr).toMatch(/no such file/);
    const dir = testDir('cli');
    const png = path.join(dir, 'image.pdf');
    fs.writeFileSync(png, Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'));
    const notPdf = cli([png]);
    expect(notPdf.code).toBe(2);
    expect(notPdf.stderr).toMatch(/not a PDF/);
  });

  it('prints its version, and records it as the producer of every output', () => {
    const version = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).version;
    expect(cli(['--version']).stdout).toBe(`${version}\n`);
    expect(cli(['-V']).stdout).toBe(`${version}\n`);
    const doc = JSON.parse(cli([fixture('sample-calc.pdf'), '--pages', '1', '-q']).stdout);
    expect(doc.source.producer).toBe(`plan-extract ${version}`);
  });

  it('fails --strict on extraction warnings only, --strict=all on findings too', () => {
    // Page 8 of sample-calc: 施設利用率 45% against 44.4% rated C (a finding), nothing lost.
    const args = [fixture('sample-calc.pdf'), '--pages', '8', '-q'];
    const doc = JSON.parse(cli(args).stdout);
    expect(doc.warnings.map((w: { code: string; kind: string }) => [w.code, w.kind])).toEqual([['SECTION_TITLE_MISSING', 'extraction'], ['RATING_MISMATCH', 'finding']]);
    expect(cli([...args, '--strict']).code).toBe(3);
    // Page 10 starts マイナンバー担当: its only warning is a finding (① 79.2% against 74.2%, rated C).
    const findingOnly = [fixture('sample-calc.pdf'), '--pages', '10', '-q'];
    expect(JSON.parse(cli(findingOnly).stdout).warnings.map((w: { code: string; kind: string }) => [w.code, w.kind])).toEqual([['RATING_MISMATCH', 'finding']]);
    expect(cli([...findingOnly, '--strict']).code).toBe(0);
    expect(cli([...findingOnly, '--strict=all']).code).toBe(3);
  });

  it('exits 1 on a usage error', () => {
    expect(cli(['--format', 'xml', fixture('sample-calc.pdf')]).code).toBe(1);
    expect(cli([]).code).toBe(1);
  });
});

describe('the CLI as a new user meets it', () => {
  it('reports output places that cannot be written as one line with exit 1, writing nothing', () => {
    const dir = testDir('unwritable');
    const file = path.join(dir, 'afile');
    fs.writeFileSync(file, 'x');
    const r = cli([fixture('sample-calc.pdf'), '-o', file]);
    expect([r.code, r.stderr]).toEqual([1, `plan-extract: -o ${file}: cannot write there (EEXIST)\n`]);
    const d = cli([fixture('sample-calc.pdf'), '--debug', path.join(file, 'sub')]);
    expect([d.code, d.stderr]).toEqual([1, `plan-extract: --debug ${path.join(file, 'sub')}: cannot write there (ENOTDIR)\n`]);
    expect(fs.readFileSync(file, 'utf8')).toBe('x');
  });

  it('says which pages exist when --pages is beyond the document, and warns when it is partly', () => {
    const none = cli([fixture('sample-calc.pdf'), '--pages', '99']);
    expect([none.code, none.stderr]).toEqual([1, `plan-extract: ${fixture('sample-calc.pdf')}: no such page: 99 (the document has 12 pages)\n`]);
    const part = cli([fixture('sample-calc.pdf'), '--pages', '12-14']);
    expect(part.code).toBe(0);
    expect(part.stderr).toContain('warning PAGES_OUT_OF_RANGE: pages 13–14 are beyond the document (12 pages) and were not read');
  });

  it('removes the output an earlier run left for a file that now fails', () => {
    const dir = testDir('stale');
    const input = path.join(dir, 'in');
    fs.mkdirSync(input);
    fs.copyFileSync(fixture('sample-calc.pdf'), path.join(input, 'a.pdf'));
    const out = path.join(dir, 'out');
    expect(cli([input, '-o', out, '-q', '--pages', '1']).code).toBe(0);
    expect(fs.existsSync(path.join(out, 'a.json'))).toBe(true);
    fs.writeFileSync(path.join(input, 'a.pdf'), 'not a pdf');
    expect(cli([input, '-o', out, '-q']).code).toBe(2);
    expect(fs.readdirSync(out)).toEqual(['index.json']);
    expect(JSON.parse(fs.readFileSync(path.join(out, 'index.json'), 'utf8')).files[0]).toMatchObject({ output: null, status: 'error' });
  });

  it('answers help, and names the folder in which no PDF was found', () => {
    const help = cli(['help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: plan-extract/);
    const dir = testDir('empty');
    const r = cli([dir]);
    expect([r.code, r.stderr]).toEqual([2, `plan-extract: no PDF files found in ${dir}\n`]);
  });
});
