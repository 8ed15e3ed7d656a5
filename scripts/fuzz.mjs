#!/usr/bin/env node
// npm run fuzz -- [--count 1000] [--seed N] [--keep DIR] [--jobs 2]
// Mutates the bundled samples (byte flips, truncation, objects deleted or duplicated, xref, stream
// length, object number and xref offset damage, and one decompression bomb), runs the CLI on all of
// them and prints a tally by exit code. A failure is an exit code that is not documented, an
// internal error (70), a file that hit the time limit (a hang), a line of stderr that is not one
// line per message, or an output that does not match its schema; failing inputs are kept in DIR.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DocumentSchema } from '../dist/schema.js';
import { decompressionBomb } from './make-bomb.mjs';
import { base, KINDS, mulberry32, mutate } from './fuzz-mutations.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const count = Number(arg('count', 1000));
const seed = Number(arg('seed', Date.now() % 1e9));
const keep = path.resolve(arg('keep', 'fuzz-failures'));
const jobs = arg('jobs', String(os.availableParallelism?.() ?? 2));
const DOCUMENTED = new Set([0, 2, 3, 4]);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plan-extract-fuzz-'));
try {
  const rand = mulberry32(seed);
  const bases = [await base(path.join(root, 'fixtures/sample-calc.pdf'), [0, 6]), await base(path.join(root, 'fixtures/sample-chromium.pdf'), [0, 8])];
  const inputs = path.join(dir, 'in');
  fs.mkdirSync(inputs);
  const kindOf = new Map();
  for (let i = 0; i < count; i++) {
    const kind = Math.floor(rand() * KINDS);
    const name = `m${String(i).padStart(5, '0')}.pdf`;
    kindOf.set(name, kind);
    fs.writeFileSync(path.join(inputs, name), mutate(bases[i % 2], rand, kind));
  }
  fs.writeFileSync(path.join(inputs, 'bomb.pdf'), await decompressionBomb(1024));
  const out = path.join(dir, 'out');
  const t0 = Date.now();
  const r = spawnSync(process.execPath, [path.join(root, 'bin/plan-extract.js'), inputs, '-o', out, '--timeout', '10', '--jobs', jobs, '-q'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const seconds = (Date.now() - t0) / 1000;
  const index = JSON.parse(fs.readFileSync(path.join(out, 'index.json'), 'utf8'));
  const tally = new Map();
  const failures = [];
  for (const f of index.files) {
    tally.set(f.exitCode, (tally.get(f.exitCode) ?? 0) + 1);
    const name = path.basename(f.input);
    let why = null;
    if (!DOCUMENTED.has(f.exitCode)) why = `exit ${f.exitCode}: ${f.error?.message}`;
    else if (f.error?.code === 'TIMEOUT') why = 'time limit (a hang?)';
    else if (f.error?.message.includes('\n')) why = 'a message of several lines';
    else if (f.output) {
      const parsed = DocumentSchema.safeParse(JSON.parse(fs.readFileSync(path.join(out, f.output), 'utf8')));
      if (!parsed.success) why = `invalid output: ${parsed.error.issues[0].message}`;
    }
    if (why) failures.push({ name, kind: kindOf.get(name), why });
  }
  // Errors are one line each, `plan-extract: FILE: message`; anything else on stderr (a stack trace) is a failure.
  for (const line of r.stderr.split('\n').filter(Boolean)) {
    if (!/^plan-extract: \S.*: \S/.test(line) || /internal error/.test(line)) failures.push({ name: '(stderr)', why: line });
  }
  console.log(`plan-extract fuzz: ${count} mutations + 1 decompression bomb, seed ${seed}, ${seconds.toFixed(1)} s, process exit ${r.status}`);
  console.log('| exit code | files |\n| --- | --- |');
  for (const [code, n] of [...tally].sort((a, b) => a[0] - b[0])) console.log(`| ${code} | ${n} |`);
  if (failures.length) {
    fs.mkdirSync(keep, { recursive: true });
    for (const f of failures) {
      if (f.name !== '(stderr)') fs.copyFileSync(path.join(inputs, f.name), path.join(keep, f.name));
      console.log(`FAIL ${f.name} (mutation ${f.kind ?? '-'}): ${f.why}`);
    }
    console.log(`${failures.length} failing input(s) kept in ${keep}`);
    process.exitCode = 1;
  } else {
    console.log('no failures: no exit 70, no hang, every output valid');
  }
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
