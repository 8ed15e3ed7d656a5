import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CellsDocumentSchema, DocumentSchema } from '../src/schema.js';
import { cli, fixture } from './helpers/cli.js';

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
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pe-'));
    const png = path.join(dir, 'image.pdf');
    fs.writeFileSync(png, Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'));
    const notPdf = cli([png]);
    expect(notPdf.code).toBe(2);
    expect(notPdf.stderr).toMatch(/not a PDF/);
  });

  it('exits 1 on a usage error', () => {
    expect(cli(['--format', 'xml', fixture('sample-calc.pdf')]).code).toBe(1);
    expect(cli([]).code).toBe(1);
  });
});
