#!/usr/bin/env node
// Benchmark: `npm run bench`. Prints a table; nothing here is a test.
// Measures batch throughput (--jobs 1 vs 2), the pdf.js floor against our pipeline on a long
// document, page splitting across workers, start-up with and without the value dictionary,
// and peak RSS on a 500-page document.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';
import { extractBuffer } from '../dist/index.js';
import { repeatPages } from './pdf-tools.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const samples = ['sample-calc.pdf', 'sample-chromium.pdf'].map((f) => path.join(root, 'fixtures', f));
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'plan-extract-bench-'));
const bin = path.join(root, 'bin', 'plan-extract.js');
const rows = [];
const row = (what, value, note = '') => {
  rows.push([what, value, note]);
  console.error(`  ${what}: ${value} ${note}`);
};

function runCli(args, env = {}) {
  const t = performance.now();
  const r = spawnSync(process.execPath, [bin, ...args], { env: { ...process.env, PLAN_EXTRACT_STATS: '1', ...env }, encoding: 'utf8', maxBuffer: 1 << 30 });
  const ms = performance.now() - t;
  if (r.status !== 0 && r.status !== 3) throw new Error(`plan-extract ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  const stats = JSON.parse(/plan-extract-stats (.*)/.exec(r.stderr)?.[1] ?? '{}');
  return { ms, stats };
}

async function pdfjsFloor(data) {
  const pkg = path.dirname(fileURLToPath(import.meta.resolve('pdfjs-dist/package.json')));
  const t = performance.now();
  const doc = await pdfjs.getDocument({
    data: new Uint8Array(data), cMapUrl: path.join(pkg, 'cmaps') + path.sep, cMapPacked: true,
    standardFontDataUrl: path.join(pkg, 'standard_fonts') + path.sep, isEvalSupported: false, verbosity: 0,
  }).promise;
  for (let p = 1; p <= doc.numPages; p++) {
    const page = await doc.getPage(p);
    await page.getTextContent();
    await page.getOperatorList();
    page.cleanup();
  }
  const pages = doc.numPages;
  await doc.destroy();
  return { ms: performance.now() - t, pages };
}

const fmt = (ms) => `${(ms / 1000).toFixed(2)} s`;

/** Wall time (s) and peak RSS (MB) of a whole process, by GNU time; null where it is not installed. */
function timed(cmd, args) {
  if (!fs.existsSync('/usr/bin/time')) return null;
  const r = spawnSync('/usr/bin/time', ['-f', 'TIME %e %M', cmd, ...args], { encoding: 'utf8', maxBuffer: 1 << 30 });
  const m = /TIME ([\d.]+) (\d+)/.exec(r.stderr);
  if (!m) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr.slice(-300)}`);
  return { s: Number(m[1]), mb: Number(m[2]) / 1024 };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * Head to head, whole processes, runs alternating (these machines are noisy: compare ratios), median
 * of `n` runs each: wall time and peak RSS per command.
 */
function headToHead(commands, n = 5) {
  const results = commands.map(() => []);
  for (let i = 0; i < n; i++) commands.forEach(([, cmd, args], k) => results[k].push(timed(cmd, args)));
  return commands.map(([name], k) => ({ name, s: median(results[k].map((r) => r.s)), mb: median(results[k].map((r) => r.mb)) }));
}

console.error(`plan-extract benchmark on ${os.cpus().length} CPU(s), Node ${process.version}`);

// 0. One publication, whole process, head to head: ours against the pdf.js floors and a general peer.
const pub = Buffer.from(await repeatPages([samples[1], samples[0]], 23));
const pubFile = path.join(tmp, 'publication-23.pdf');
fs.writeFileSync(pubFile, pub);
const floorScript = (withText) => {
  const file = path.join(tmp, withText ? 'floor-text.mjs' : 'floor-ops.mjs');
  fs.writeFileSync(file, `import * as pdfjs from ${JSON.stringify(import.meta.resolve('pdfjs-dist/legacy/build/pdf.mjs'))};
import fs from 'node:fs';
const pkg = ${JSON.stringify(path.dirname(fileURLToPath(import.meta.resolve('pdfjs-dist/package.json'))) + path.sep)};
const doc = await pdfjs.getDocument({ data: new Uint8Array(fs.readFileSync(process.argv[2])), cMapUrl: pkg + 'cmaps/', cMapPacked: true, standardFontDataUrl: pkg + 'standard_fonts/', isEvalSupported: false, verbosity: 0 }).promise;
for (let p = 1; p <= doc.numPages; p++) { const page = await doc.getPage(p); ${withText ? 'await page.getTextContent(); ' : ''}await page.getOperatorList(); page.cleanup(); }
await doc.destroy();
`);
  return file;
};
const peerScript = path.join(tmp, 'peer.cjs');
fs.writeFileSync(peerScript, `require(${JSON.stringify(path.join(root, 'node_modules', 'pdf-table-extractor'))})(process.argv[2], (r) => process.stdout.write(JSON.stringify(r).length + '\\n'), (e) => { console.error(e); process.exit(1); });\n`);
if (fs.existsSync('/usr/bin/time')) {
  const node = process.execPath;
  const h = headToHead([
    ['plan-extract FILE (json, default --jobs)', node, [bin, pubFile, '-q']],
    ['plan-extract FILE --jobs 1', node, [bin, pubFile, '-q', '--jobs', '1']],
    ['plan-extract FILE -f cells', node, [bin, pubFile, '-q', '-f', 'cells']],
    ['pdf.js floor: load + getTextContent + getOperatorList', node, [floorScript(true), pubFile]],
    ['pdf.js operator-list floor: load + getOperatorList', node, [floorScript(false), pubFile]],
    ['pdf-table-extractor (npm, a general peer)', node, [peerScript, pubFile]],
  ]);
  const [json, jobs1, cells, floorText, floorOps, peer] = h;
  for (const r of h) row(`23 pages, whole process: ${r.name}`, `${r.s.toFixed(2)} s`, `${Math.round(r.mb)} MB peak RSS`);
  row('json (one worker) / operator-list floor', `${(jobs1.s / floorOps.s).toFixed(2)}x`, `${Math.round(jobs1.mb)} MB (target <= 1.1x, <= 250 MB)`);
  row('cells / operator-list floor', `${(cells.s / floorOps.s).toFixed(2)}x`, `${Math.round(cells.mb)} MB (target <= 1.0x, <= 200 MB)`);
  row('json (default --jobs) / pdf-table-extractor', `${(json.s / peer.s).toFixed(2)}x`, '(target <= 1.0x)');
  row('operator-list floor / getTextContent floor', `${(floorOps.s / floorText.s).toFixed(2)}x`, '');
} else {
  row('head to head', 'skipped', '(needs GNU time at /usr/bin/time: apt-get install time)');
}

// 1. Batch throughput: 20 publications.
const batchDir = path.join(tmp, 'batch');
fs.mkdirSync(batchDir);
let batchPages = 0;
for (let i = 0; i < 20; i++) {
  const src = samples[i % 2];
  fs.copyFileSync(src, path.join(batchDir, `pub-${String(i).padStart(2, '0')}.pdf`));
  batchPages += i % 2 ? 14 : 12;
}
const b1 = runCli([batchDir, '-o', path.join(tmp, 'out1'), '-q', '--jobs', '1']);
const b2 = runCli([batchDir, '-o', path.join(tmp, 'out2'), '-q', '--jobs', '2']);
row('batch of 20 PDFs, --jobs 1', fmt(b1.ms), `${(batchPages / (b1.ms / 1000)).toFixed(1)} pages/s`);
row('batch of 20 PDFs, --jobs 2', fmt(b2.ms), `${(batchPages / (b2.ms / 1000)).toFixed(1)} pages/s`);
row('speed-up --jobs 2 / --jobs 1', `${(b1.ms / b2.ms).toFixed(2)}x`, '(target >= 1.7x on 2 cores)');

// 2. A long document: the samples repeated to 208 pages.
const long = Buffer.from(await repeatPages(samples, 208));
const longFile = path.join(tmp, 'long-208.pdf');
fs.writeFileSync(longFile, long);
const floor = await pdfjsFloor(long);
row('pdf.js floor, 208 pages (load + getTextContent + getOperatorList)', fmt(floor.ms), `${(floor.pages / (floor.ms / 1000)).toFixed(1)} pages/s`);
let t = performance.now();
await extractBuffer(long, { fileName: 'long.pdf' });
const inProcess = performance.now() - t;
row('end to end in-process (library, one thread)', fmt(inProcess), `${(inProcess / floor.ms).toFixed(2)}x floor (target <= 1.3x)`);
const cli1 = runCli([longFile, '-q', '--jobs', '1', '-o', path.join(tmp, 'long1')]);
row('end to end CLI --jobs 1', fmt(cli1.ms), `${(cli1.ms / floor.ms).toFixed(2)}x floor`);
const cli2 = runCli([longFile, '-q', '--jobs', '2', '-o', path.join(tmp, 'long2')]);
row('one file split across 2 workers (CLI --jobs 2)', fmt(cli2.ms), `${(cli2.ms / floor.ms).toFixed(2)}x floor (target < 1x)`);

// 3. Start-up on a one-page document.
const small = Buffer.from(await repeatPages([samples[0]], 1));
const smallFile = path.join(tmp, 'small.pdf');
fs.writeFileSync(smallFile, small);
const noDict = runCli([smallFile, '-q', '-f', 'cells', '--jobs', '1']);
const withDict = runCli([smallFile, '-q', '-f', 'json', '--jobs', '1']);
row('start-up, 1 page, --format cells', fmt(noDict.ms), `dictionary loads: ${noDict.stats.tokenizerLoads}`);
row('start-up, 1 page, --format json', fmt(withDict.ms), `dictionary loads: ${withDict.stats.tokenizerLoads}`);

// 4. Peak memory on 500 pages.
const big = Buffer.from(await repeatPages(samples, 500));
const bigFile = path.join(tmp, 'big-500.pdf');
fs.writeFileSync(bigFile, big);
const bigCells = runCli([bigFile, '-q', '-f', 'cells', '--jobs', '1', '-o', path.join(tmp, 'big1')]);
const bigJson = runCli([bigFile, '-q', '-f', 'json', '--jobs', '1', '-o', path.join(tmp, 'big2')]);
row('500 pages, --format cells: peak RSS', `${Math.round(bigCells.stats.maxRssKb / 1024)} MB`, `${fmt(bigCells.ms)}, dictionary loads: ${bigCells.stats.tokenizerLoads} (target <= 250 MB)`);
row('500 pages, --format json: peak RSS', `${Math.round(bigJson.stats.maxRssKb / 1024)} MB`, `${fmt(bigJson.ms)}, dictionary loads: ${bigJson.stats.tokenizerLoads} (target <= 500 MB)`);

fs.rmSync(tmp, { recursive: true, force: true });
const w = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i].length), ['measure', 'value', 'note'][i].length));
const line = (r) => `| ${r.map((c, i) => c.padEnd(w[i])).join(' | ')} |`;
console.log(line(['measure', 'value', 'note']));
console.log(`|${w.map((n) => '-'.repeat(n + 2)).join('|')}|`);
for (const r of rows) console.log(line(r));
