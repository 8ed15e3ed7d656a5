#!/usr/bin/env node
// Byte-identity check for refactors and speed work: runs the built CLI on every fixture in every
// output format (one file, several files, stdin, -o folders, --pages, --debug, merge) and records
// the SHA-256 of every byte written (stdout, stderr, exit code, every file of -o and --debug).
//
//   node scripts/outputs-snapshot.mjs record snapshot.json     (before the change)
//   node scripts/outputs-snapshot.mjs compare snapshot.json    (after: lists every difference, exit 1 if any)
//
// Options: --jobs N (CLI runs at once, default 2), --only SUBSTRING (runs whose name contains it).
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(root, 'bin', 'plan-extract.js');
const fixtures = path.join(root, 'fixtures');

const [mode, snapshotFile, ...rest] = process.argv.slice(2);
if (!['record', 'compare'].includes(mode) || !snapshotFile) {
  process.stderr.write('usage: outputs-snapshot.mjs record|compare SNAPSHOT.json [--jobs N] [--only TEXT]\n');
  process.exit(1);
}
const flag = (name, fallback) => {
  const i = rest.indexOf(name);
  return i >= 0 ? rest[i + 1] : fallback;
};
const parallel = Number(flag('--jobs', '2'));
const only = flag('--only', '');

const pdfs = fs.readdirSync(fixtures).filter((f) => f.endsWith('.pdf')).sort();
const bad = fs.readdirSync(path.join(fixtures, 'bad')).filter((f) => f.endsWith('.pdf')).sort();

/** Every run: a name, the CLI arguments ({out} is a fresh folder), optional stdin file. */
function runs() {
  const list = [];
  for (const pdf of pdfs) {
    const file = path.join('fixtures', pdf);
    for (const format of ['json', 'jsonl', 'csv', 'cells']) list.push({ name: `${pdf} -f ${format}`, args: [file, '-f', format] });
    list.push({ name: `${pdf} -f csv en bom`, args: [file, '-f', 'csv', '--header', 'en', '--bom', '--no-escape-formulas'] });
    list.push({ name: `${pdf} -f xlsx`, args: [file, '-f', 'xlsx'] });
    list.push({ name: `${pdf} -f datapackage`, args: [file, '-f', 'datapackage', '-o', '{out}'] });
    list.push({ name: `${pdf} --jobs 1 --pages 1,2`, args: [file, '--jobs', '1', '--pages', '1,2', '--report'] });
    list.push({ name: `${pdf} --debug`, args: [file, '-q', '--debug', '{out}'] });
  }
  for (const pdf of bad) list.push({ name: `bad/${pdf}`, args: [path.join('fixtures', 'bad', pdf)] });
  list.push({ name: 'stdin json', args: ['-', '-f', 'json'], stdin: 'fixtures/sample-calc.pdf' });
  list.push({ name: 'stdin cells', args: ['-', '-f', 'cells'], stdin: 'fixtures/sample-chromium.pdf' });
  for (const format of ['json', 'jsonl', 'csv', 'cells', 'xlsx']) {
    list.push({ name: `all fixtures -f ${format} stdout`, args: ['fixtures/sample-calc.pdf', 'fixtures/editions-mid.pdf', 'fixtures/bad/empty.pdf', 'fixtures/flow-no-header.pdf', '-f', format] });
    list.push({ name: `all fixtures -f ${format} -o`, args: ['fixtures', '-f', format, '-o', '{out}', '-q'] });
  }
  list.push({ name: 'all fixtures -f datapackage -o', args: ['fixtures', '-f', 'datapackage', '-o', '{out}', '-q'] });
  list.push({ name: 'all fixtures --jobs 1 -f json -o', args: ['fixtures', '--jobs', '1', '-o', '{out}', '-q'] });
  const editions = ['fixtures/editions-start.pdf', 'fixtures/editions-mid.pdf', 'fixtures/editions-end.pdf'];
  for (const format of ['json', 'jsonl', 'csv']) list.push({ name: `merge -f ${format}`, args: ['merge', ...editions, '-f', format] });
  list.push({ name: 'merge -f datapackage', args: ['merge', ...editions, '-f', 'datapackage', '-o', '{out}'] });
  list.push({ name: 'schema json', args: ['schema', 'json'] });
  list.push({ name: 'schema csv', args: ['schema', 'csv'] });
  return list.filter((r) => r.name.includes(only));
}

function sha(data) {
  return createHash('sha256').update(data).digest('hex');
}

/** The files of a folder, each with the hash of its bytes (index.json's timings removed). */
function folderHashes(dir) {
  const out = {};
  if (!fs.existsSync(dir)) return out;
  for (const rel of fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort()) {
    const file = path.join(dir, rel);
    if (!fs.statSync(file).isFile()) continue;
    out[rel] = sha(fs.readFileSync(file));
  }
  return out;
}

function runOne(run) {
  // The output folder has a fixed name (a data package is named after it) inside a fresh folder.
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'plan-extract-snapshot-'));
  const out = path.join(parent, 'out');
  const args = run.args.map((a) => (a === '{out}' ? out : a));
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, ...args], { cwd: root, env: { ...process.env, PLAN_EXTRACT_STATS: '' } });
    const stdout = [];
    const stderr = [];
    child.stdout.on('data', (d) => stdout.push(d));
    child.stderr.on('data', (d) => stderr.push(d));
    if (run.stdin) fs.createReadStream(path.join(root, run.stdin)).pipe(child.stdin);
    else child.stdin.end();
    child.on('close', (code) => {
      // Paths and timings differ between runs by nature: the temporary folder's name is replaced,
      // and the --report column of seconds is blanked.
      const err = Buffer.concat(stderr).toString('utf8').split(out).join('{out}').replace(/ +\d+\.\d\d\n/g, ' S\n');
      const files = folderHashes(out);
      fs.rmSync(parent, { recursive: true, force: true });
      resolve({ code, stdout: sha(Buffer.concat(stdout)), stderr: sha(err), files });
    });
  });
}

async function runAll(list) {
  const results = {};
  let next = 0;
  const worker = async () => {
    while (next < list.length) {
      const run = list[next++];
      results[run.name] = await runOne(run);
      process.stderr.write('.');
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  process.stderr.write('\n');
  return Object.fromEntries(Object.keys(results).sort().map((k) => [k, results[k]]));
}

const list = runs();
const results = await runAll(list);
if (mode === 'record') {
  // With --only, the runs recorded replace theirs in an existing snapshot.
  const kept = only && fs.existsSync(snapshotFile) ? JSON.parse(fs.readFileSync(snapshotFile, 'utf8')) : {};
  const all = { ...kept, ...results };
  fs.writeFileSync(snapshotFile, JSON.stringify(Object.fromEntries(Object.keys(all).sort().map((k) => [k, all[k]])), null, 1) + '\n');
  process.stdout.write(`recorded ${list.length} runs in ${snapshotFile}\n`);
} else {
  const before = JSON.parse(fs.readFileSync(snapshotFile, 'utf8'));
  let differences = 0;
  for (const [name, now] of Object.entries(results)) {
    const then = before[name];
    if (!then) {
      process.stdout.write(`NEW  ${name}\n`);
      continue;
    }
    if (JSON.stringify(then) !== JSON.stringify(now)) {
      differences++;
      const parts = ['code', 'stdout', 'stderr'].filter((k) => then[k] !== now[k]);
      const fileNames = new Set([...Object.keys(then.files), ...Object.keys(now.files)]);
      const files = [...fileNames].filter((f) => then.files[f] !== now.files[f]);
      process.stdout.write(`DIFF ${name}: ${[...parts, ...files].join(', ')}\n`);
    }
  }
  process.stdout.write(`${list.length} runs compared, ${differences} different\n`);
  process.exitCode = differences ? 1 : 0;
}
