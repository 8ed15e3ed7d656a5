import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { CellsDocumentSchema } from '../src/schema.js';
import { cli, fixture } from './helpers/cli.js';
import { testDir } from './helpers/temp.js';

/** Fixed seed: the same 300 mutations on every run. */
const SEED = 20261124;
const COUNT = 300;
const DOCUMENTED_EXIT_CODES = [0, 2, 4];

function mulberry32(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The first pages of a sample, written with plain objects so that objects and the xref can be damaged. */
async function base(file: string, pages: number[]): Promise<Buffer> {
  const src = await PDFDocument.load(fs.readFileSync(file));
  const out = await PDFDocument.create();
  for (const p of await out.copyPages(src, pages)) out.addPage(p);
  return Buffer.from(await out.save({ useObjectStreams: false }));
}

function objectSpans(pdf: Buffer): [number, number][] {
  const text = pdf.toString('latin1');
  const spans: [number, number][] = [];
  const re = /\d+ 0 obj[\s\S]*?endobj/g;
  for (let m = re.exec(text); m; m = re.exec(text)) spans.push([m.index, m.index + m[0].length]);
  return spans;
}

function mutate(pdf: Buffer, rand: () => number, kind: number): Buffer {
  const pick = (n: number) => Math.floor(rand() * n);
  const spans = objectSpans(pdf);
  const xref = pdf.lastIndexOf('xref');
  switch (kind) {
    case 0: { // byte flips anywhere
      const b = Buffer.from(pdf);
      for (let i = 0, n = 1 + pick(40); i < n; i++) b[pick(b.length)] ^= 1 + pick(255);
      return b;
    }
    case 1: // truncation
      return pdf.subarray(0, pick(pdf.length));
    case 2: { // an object deleted
      const [s, e] = spans[pick(spans.length)];
      return Buffer.concat([pdf.subarray(0, s), pdf.subarray(e)]);
    }
    case 3: { // an object duplicated somewhere else
      const [s, e] = spans[pick(spans.length)];
      const at = spans[pick(spans.length)][0];
      return Buffer.concat([pdf.subarray(0, at), pdf.subarray(s, e), Buffer.from('\n'), pdf.subarray(at)]);
    }
    default: { // damaged xref table or startxref
      const b = Buffer.from(pdf);
      for (let i = 0, n = 1 + pick(12); i < n; i++) b[xref + pick(b.length - xref)] = 0x30 + pick(10);
      return b;
    }
  }
}

describe('fuzzing the reader', () => {
  it(`survives ${COUNT} mutations of the samples (seed ${SEED})`, async () => {
    const rand = mulberry32(SEED);
    const bases = [await base(fixture('sample-calc.pdf'), [0, 6]), await base(fixture('sample-chromium.pdf'), [0, 8])];
    const dir = testDir('fuzz');
    const inputs = path.join(dir, 'in');
    fs.mkdirSync(inputs);
    for (let i = 0; i < COUNT; i++) {
      fs.writeFileSync(path.join(inputs, `m${String(i).padStart(3, '0')}.pdf`), mutate(bases[i % 2], rand, Math.floor(rand() * 5)));
    }
    const out = path.join(dir, 'out');
    // cells: every readable mutation has an output to validate, whether or not its plan table survived.
    const r = cli([inputs, '-o', out, '-f', 'cells', '--timeout', '10', '--jobs', '2', '-q'], { timeout: 300_000 });
    expect(r.stderr).not.toMatch(/internal error|at .*\.js:\d+/);
    expect(DOCUMENTED_EXIT_CODES).toContain(r.code);
    const index = JSON.parse(fs.readFileSync(path.join(out, 'index.json'), 'utf8'));
    expect(index.files).toHaveLength(COUNT);
    const byStatus: Record<string, number> = {};
    for (const f of index.files) {
      byStatus[f.status] = (byStatus[f.status] ?? 0) + 1;
      if (f.status === 'error') {
        expect(DOCUMENTED_EXIT_CODES, `${f.input}: ${f.error.message}`).toContain(f.exitCode);
        expect(f.error.code, f.input).not.toBe('TIMEOUT');
        expect(f.error.message).not.toContain('\n');
        expect(fs.existsSync(path.join(out, path.basename(f.input, '.pdf') + '.cells.json'))).toBe(false);
      } else {
        CellsDocumentSchema.parse(JSON.parse(fs.readFileSync(path.join(out, f.output), 'utf8')));
      }
    }
    // No temporary files: every output is whole or absent.
    expect(fs.readdirSync(out).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    // The corpus exercises both paths.
    expect(byStatus.error).toBeGreaterThan(10);
    expect((byStatus.ok ?? 0) + (byStatus.warnings ?? 0)).toBeGreaterThan(10);
  }, 300_000);
});
