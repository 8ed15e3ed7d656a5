import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CellsDocumentSchema } from '../src/schema.js';
import { cli, fixture } from './helpers/cli.js';
import { testDir } from './helpers/temp.js';
// @ts-expect-error a script of the repository, plain JavaScript
import { base, mulberry32, mutate } from '../scripts/fuzz-mutations.mjs';

/** Fixed seed: the same 300 mutations on every run. */
const SEED = 20261124;
const COUNT = 300;
const DOCUMENTED_EXIT_CODES = [0, 2, 4];

describe('fuzzing the reader', () => {
  it(`survives ${COUNT} mutations of the samples (seed ${SEED})`, async () => {
    const rand = mulberry32(SEED);
    const bases = [await base(fixture('sample-calc.pdf'), [0, 6]), await base(fixture('sample-chromium.pdf'), [0, 8])];
    const dir = testDir('fuzz');
    const inputs = path.join(dir, 'in');
    fs.mkdirSync(inputs);
    for (let i = 0; i < COUNT; i++) {
      fs.writeFileSync(path.join(inputs, `m${String(i).padStart(3, '0')}.pdf`), mutate(bases[i % 2], rand, Math.floor(rand() * 5)) as Buffer);
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
