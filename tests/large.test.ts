import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain JavaScript helper shared with the benchmark
import { repeatPages } from '../scripts/pdf-tools.mjs';
import { extractFile } from '../src/index.js';
import { DocumentSchema, type Section } from '../src/schema.js';
import { cli, fixture } from './helpers/cli.js';
import { testDir } from './helpers/temp.js';

const strip = (s: Section) => ({ ...s, pages: [], plans: s.plans.map((p) => ({ ...p, pages: [] })) });

describe('a 500-page publication made by repeating the samples', () => {
  it('gives every section of every copy exactly as the samples give it', async () => {
    const dir = testDir('500');
    const file = path.join(dir, 'big.pdf');
    fs.writeFileSync(file, await repeatPages([fixture('sample-calc.pdf'), fixture('sample-chromium.pdf')], 500));
    const r = cli([file, '-q', '--jobs', '2']);
    expect(r.code).toBe(0);
    const doc = DocumentSchema.parse(JSON.parse(r.stdout));
    expect(doc.source.pageCount).toBe(500);
    // 19 copies of each sample (26 pages a pair) and pages 1-6 of the calc sample: 38 × 6 + 3 sections.
    expect(doc.sections).toHaveLength(231);
    const calc = (await extractFile(fixture('sample-calc.pdf'))).sections.map(strip);
    const chromium = (await extractFile(fixture('sample-chromium.pdf'))).sections.map(strip);
    for (let k = 0; k < 228; k++) {
      const copy = Math.floor(k / 6);
      const want = (copy % 2 === 0 ? calc : chromium)[k % 6];
      expect(strip(doc.sections[k]), `section ${k}`).toEqual(want);
    }
    expect(doc.sections[228].pages[0]).toBe(495);
  }, 180_000);
});
