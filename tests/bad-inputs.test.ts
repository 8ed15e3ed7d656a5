import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractBuffer, PlanExtractError } from '../src/index.js';
import { CellsDocumentSchema, DocumentSchema } from '../src/schema.js';
import { cli, fixture } from './helpers/cli.js';
import { testDir } from './helpers/temp.js';
// @ts-expect-error a script of the repository, plain JavaScript
import { decompressionBomb } from '../scripts/make-bomb.mjs';

const bad = (name: string) => fixture('bad', name);

describe.each([
  ['empty.pdf', 2, 'not a PDF: the file is empty'],
  ['png-renamed.pdf', 2, 'not a PDF: no %PDF header'],
  ['truncated.pdf', 2, 'corrupt PDF: Invalid PDF structure.'],
  ['bitflip.pdf', 2, 'corrupt PDF: Invalid PDF structure.'],
  ['encrypted.pdf', 2, 'encrypted PDF: a password is needed (--password)'],
  ['scanned.pdf', 4, 'no text layer (a scanned publication?); OCR is not supported'],
  ['no-table.pdf', 4, 'no 実行計画 table found: no ruled table on any page (no header naming 順位, 取組項目, 指標… columns)'],
  ['other-table.pdf', 4, 'no 実行計画 table found: 1 ruled table(s), none with a header naming 順位, 取組項目, 指標… columns'],
])('%s', (name, code, message) => {
  it(`exits ${code} with one line and no output`, () => {
    const r = cli([bad(name)]);
    expect(r.code).toBe(code);
    expect(r.stderr).toBe(`plan-extract: ${bad(name)}: ${message}\n`);
    expect(r.stdout).toBe('');
  });
});

describe('encrypted PDF', () => {
  it('reads with the right password and refuses a wrong one', () => {
    const ok = cli([bad('encrypted.pdf'), '--password', 'secret', '-q']);
    expect(ok.code).toBe(0);
    expect(DocumentSchema.parse(JSON.parse(ok.stdout)).sections[0].department).toBe('市民部市民総務課');
    const wrong = cli([bad('encrypted.pdf'), '--password', 'wrong']);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toBe(`plan-extract: ${bad('encrypted.pdf')}: encrypted PDF: the password is wrong\n`);
  });

  it('throws typed errors from the library', async () => {
    const data = new Uint8Array(fs.readFileSync(bad('encrypted.pdf')));
    await expect(extractBuffer(data)).rejects.toMatchObject({ code: 'ENCRYPTED', exitCode: 2 });
    await expect(extractBuffer(data, { password: 'wrong' })).rejects.toBeInstanceOf(PlanExtractError);
  });
});

describe('a table that is not a 実行計画 table', () => {
  it('is still given as cells with --format cells', () => {
    const r = cli([bad('other-table.pdf'), '-f', 'cells']);
    expect(r.code).toBe(0);
    const doc = CellsDocumentSchema.parse(JSON.parse(r.stdout));
    const [table] = doc.pages[0].tables;
    expect([table.rowCount, table.colCount]).toEqual([3, 3]);
    expect(table.rows.map((row) => row.map((c) => c.text))).toEqual([['Name', 'City', 'Phone'], ['Sato', 'Machida', '042'], ['Suzuki', 'Tama', '042']]);
  });
});

describe('a font carrying JavaScript in its FontMatrix (CVE-2024-4367 style)', () => {
  it('runs nothing: no marker file, no global, a documented exit code', async () => {
    const cwd = testDir('font');
    const r = cli([bad('malicious-font.pdf'), '-f', 'cells', '--debug', path.join(cwd, 'dbg')], { cwd });
    expect(r.code).toBe(0);
    expect(fs.existsSync(path.join(cwd, 'PWNED-by-font-matrix'))).toBe(false);
    const inProcess = extractBuffer(new Uint8Array(fs.readFileSync(bad('malicious-font.pdf'))));
    await expect(inProcess).rejects.toMatchObject({ code: 'NO_PLAN_TABLE' });
    expect((globalThis as Record<string, unknown>).__planExtractPwned).toBeUndefined();
    expect(fs.existsSync('PWNED-by-font-matrix')).toBe(false);
  });
});

describe('limits', () => {
  it('stops a decompression bomb at --max-memory: exit 2, one line, peak memory bounded', async () => {
    // 1 MB on disk, a content stream of 1 GiB once inflated.
    const dir = testDir('bomb');
    const file = path.join(dir, 'bomb.pdf');
    fs.writeFileSync(file, await decompressionBomb(1024));
    expect(fs.statSync(file).size).toBeLessThan(2 * 1024 * 1024);
    const r = cli([file, '-o', path.join(dir, 'out')], { env: { ...process.env, PLAN_EXTRACT_STATS: '1' } });
    expect(r.code).toBe(2);
    const [error, stats] = r.stderr.trim().split('\n');
    expect(error).toBe(`plan-extract: ${file}: memory limit exceeded: reading this file took more than 900 MB (a compressed stream that decodes to too much?), see --max-memory`);
    expect(JSON.parse(stats.replace('plan-extract-stats ', '')).maxRssKb).toBeLessThan(1024 * 1024);
    expect(fs.readdirSync(path.join(dir, 'out'))).toEqual(['index.json']);
  }, 120_000);

  it('names the library option in a library error, and the flag on the command line', async () => {
    await expect(extractBuffer(new Uint8Array(fs.readFileSync(fixture('sample-calc.pdf'))), { maxPages: 5 }))
      .rejects.toMatchObject({ code: 'TOO_MANY_PAGES', message: 'too many pages: 12 (limit 5, see the maxPages option)' });
    await expect(extractBuffer(new Uint8Array(fs.readFileSync(bad('encrypted.pdf')))))
      .rejects.toMatchObject({ code: 'ENCRYPTED', message: 'encrypted PDF: a password is needed (the password option)' });
  });

  it('refuses a document over --max-pages', () => {
    const r = cli([fixture('sample-calc.pdf'), '--max-pages', '5']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`plan-extract: ${fixture('sample-calc.pdf')}: too many pages: 12 (limit 5, see --max-pages)\n`);
  });

  it('stops a file at --timeout and leaves no output file', () => {
    const out = testDir('timeout');
    const r = cli([fixture('sample-chromium.pdf'), '--timeout', '0.05', '-o', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`plan-extract: ${fixture('sample-chromium.pdf')}: time limit exceeded (0.05 s, see --timeout)\n`);
    expect(fs.readdirSync(out)).toEqual(['index.json']);
  });
});
