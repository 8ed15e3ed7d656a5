#!/usr/bin/env node
// Benchmark: `npm run bench`. Prints a table; nothing here is a test. Whole processes, timed by GNU
// time, commands alternating (these machines are noisy: compare the ratios), medians, each ratio the median
// of the ratios within a round (runs made one after the other, under the same load): one 23-page
// publication and a 208-page document against the pdf.js floors and pdf-table-extractor, a batch of
// 20 against raw pdf.js with 1 and 2 workers, start-up, and peak RSS on a 500-page document.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
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
 * of `n` runs each after one not counted: wall time and peak RSS per command, and each round's wall time (see pairedRatio).
 */
function headToHead(commands, n = 5) {
  const results = commands.map(() => []);
  // One run of each first, not counted: what a first run keeps for the next ones (pdf.js's and the
  // program's compiled code, the prepared dictionary: see the README) is made, as on a user's machine.
  for (const [, cmd, args] of commands) timed(cmd, args);
  for (let i = 0; i < n; i++) commands.forEach(([, cmd, args], k) => results[k].push(timed(cmd, args)));
  return commands.map(([name], k) => ({ name, s: median(results[k].map((r) => r.s)), mb: median(results[k].map((r) => r.mb)), rounds: results[k].map((r) => r.s) }));
}

/**
 * How a command's wall time compares with another's: the median of their ratios within each round.
 * The load of these machines drifts over a bench; the two runs of a round are made one after the
 * other, so their ratio compares them under the same load, where a ratio of the two medians may
 * take each from another moment.
 */
const pairedRatio = (a, b) => median(a.rounds.map((s, i) => s / b.rounds[i]));

const defaultJobs = os.availableParallelism();
console.error(`plan-extract benchmark on ${os.cpus().length} CPU(s), Node ${process.version}`);
const node = process.execPath;
const floorScript = path.join(root, 'scripts', 'pdfjs-floor.mjs');
const peerScript = path.join(tmp, 'peer.cjs');
fs.writeFileSync(peerScript, `require(${JSON.stringify(path.join(root, 'node_modules', 'pdf-table-extractor'))})(process.argv[2], (r) => process.stdout.write(JSON.stringify(r).length + '\\n'), (e) => { console.error(e); process.exit(1); });\n`);
const ratio = (a, b) => `${pairedRatio(a, b).toFixed(2)}x`;
const mark = (ok) => (ok ? 'met' : 'NOT met');

if (!fs.existsSync('/usr/bin/time')) {
  row('head to head', 'skipped', '(needs GNU time at /usr/bin/time: apt-get install time)');
} else {
  // 0. One publication, whole process, head to head: ours against the pdf.js floors and a general peer.
  const pubFile = path.join(tmp, 'publication-23.pdf');
  fs.writeFileSync(pubFile, Buffer.from(await repeatPages([samples[1], samples[0]], 23)));
  const h = headToHead([
    [`plan-extract FILE (json, default --jobs ${defaultJobs})`, node, [bin, pubFile, '-q']],
    ['plan-extract FILE --jobs 1 (one worker reads, this thread waits)', node, [bin, pubFile, '-q', '--jobs', '1']],
    [`plan-extract FILE -f cells (default --jobs ${defaultJobs})`, node, [bin, pubFile, '-q', '-f', 'cells']],
    ['pdf.js floor: load + getTextContent + getOperatorList', node, [floorScript, '--text', pubFile]],
    ['pdf.js operator-list floor: load + getOperatorList', node, [floorScript, pubFile]],
    ['pdf-table-extractor (npm, a general peer)', node, [peerScript, pubFile]],
  ]);
  const [json, jobs1, cells, floorText, floorOps, peer] = h;
  for (const r of h) row(`23 pages, whole process: ${r.name}`, `${r.s.toFixed(2)} s`, `${Math.round(r.mb)} MB peak RSS`);
  // Default --jobs: this thread reads the pages while one thread parses them (one worker).
  row('23 pages: json / operator-list floor', ratio(json, floorOps), `${Math.round(json.mb)} MB; target <= 1.1x and <= 250 MB: ${mark(pairedRatio(json, floorOps) <= 1.1 && json.mb <= 250)}; --jobs 1 ${ratio(jobs1, floorOps)}`);
  row('23 pages: cells / operator-list floor', ratio(cells, floorOps), `${Math.round(cells.mb)} MB; target <= 1.0x and <= 200 MB: ${mark(pairedRatio(cells, floorOps) <= 1 && cells.mb <= 200)}`);
  row('23 pages: json (default --jobs) / pdf-table-extractor', ratio(json, peer), `target <= 1.0x: ${mark(pairedRatio(json, peer) <= 1)}`);
  row('23 pages: operator-list floor / getTextContent floor', ratio(floorOps, floorText), '');

  // 1. A long document: the samples repeated to 208 pages.
  const longFile = path.join(tmp, 'long-208.pdf');
  fs.writeFileSync(longFile, Buffer.from(await repeatPages(samples, 208)));
  const l = headToHead([
    ['plan-extract FILE --jobs 1', node, [bin, longFile, '-q', '--jobs', '1']],
    ['plan-extract FILE --jobs 2', node, [bin, longFile, '-q', '--jobs', '2']],
    ['plan-extract FILE -f cells --jobs 2', node, [bin, longFile, '-q', '-f', 'cells', '--jobs', '2']],
    ['pdf.js operator-list floor', node, [floorScript, longFile]],
    ['pdf-table-extractor', node, [peerScript, longFile]],
  ]);
  const [l1, l2, lCells, lFloor, lPeer] = l;
  for (const r of l) row(`208 pages, whole process: ${r.name}`, `${r.s.toFixed(2)} s`, `${Math.round(r.mb)} MB peak RSS`);
  row('208 pages: --jobs 2 / --jobs 1', ratio(l2, l1), `target < 1.0x: ${mark(pairedRatio(l2, l1) < 1)}; / floor ${ratio(l2, lFloor)}, / pdf-table-extractor ${ratio(l2, lPeer)}; cells / floor ${ratio(lCells, lFloor)}`);

  // 2. Batch of 20 publications: our scaling from 1 to 2 workers against raw pdf.js's in the same run.
  const batchDir = path.join(tmp, 'batch');
  fs.mkdirSync(batchDir);
  for (let i = 0; i < 20; i++) fs.copyFileSync(samples[i % 2], path.join(batchDir, `pub-${String(i).padStart(2, '0')}.pdf`));
  const batchFiles = fs.readdirSync(batchDir).map((f) => path.join(batchDir, f));
  const b = headToHead([
    ['plan-extract DIR -o OUT --jobs 1', node, [bin, batchDir, '-o', path.join(tmp, 'out1'), '-q', '--jobs', '1']],
    ['plan-extract DIR -o OUT --jobs 2', node, [bin, batchDir, '-o', path.join(tmp, 'out2'), '-q', '--jobs', '2']],
    ['raw pdf.js, 1 worker', node, [floorScript, '--jobs', '1', ...batchFiles]],
    ['raw pdf.js, 2 workers', node, [floorScript, '--jobs', '2', ...batchFiles]],
  ]);
  const [b1, b2, r1, r2] = b;
  for (const r of b) row(`batch of 20: ${r.name}`, `${r.s.toFixed(2)} s`, `${Math.round(r.mb)} MB peak RSS`);
  const ours = pairedRatio(b1, b2);
  const raw = pairedRatio(r1, r2);
  row('batch of 20: scaling 1 → 2 workers, ours / raw pdf.js', `${ours.toFixed(2)}x / ${raw.toFixed(2)}x = ${Math.round((100 * ours) / raw)}%`, `target >= 90%: ${mark(ours >= 0.9 * raw)}`);

  // 3. Start-up: what runs before the first page is read.
  const smallFile = path.join(tmp, 'small.pdf');
  fs.writeFileSync(smallFile, Buffer.from(await repeatPages([samples[0]], 1)));
  const s = headToHead([
    ['node -e 0 (bare Node.js)', node, ['-e', '0']],
    ['plan-extract --version (modules loaded)', node, [bin, '--version']],
    ['plan-extract 1 page -f cells', node, [bin, smallFile, '-q', '-f', 'cells']],
    ['plan-extract 1 page (json)', node, [bin, smallFile, '-q']],
    ['pdf.js operator-list floor, 1 page', node, [floorScript, smallFile]],
  ]);
  for (const r of s) row(`start-up: ${r.name}`, `${r.s.toFixed(2)} s`, `${Math.round(r.mb)} MB peak RSS`);
}

// 4. Peak memory on 500 pages.
const big = Buffer.from(await repeatPages(samples, 500));
const bigFile = path.join(tmp, 'big-500.pdf');
fs.writeFileSync(bigFile, big);
const bigCells = runCli([bigFile, '-q', '-f', 'cells', '-o', path.join(tmp, 'big1')]);
const bigJson = runCli([bigFile, '-q', '-f', 'json', '-o', path.join(tmp, 'big2')]);
row('500 pages, --format cells: peak RSS', `${Math.round(bigCells.stats.maxRssKb / 1024)} MB`, `${fmt(bigCells.ms)}, dictionary loads: ${bigCells.stats.tokenizerLoads} (target <= 250 MB)`);
row('500 pages, --format json: peak RSS', `${Math.round(bigJson.stats.maxRssKb / 1024)} MB`, `${fmt(bigJson.ms)}, dictionary loads: ${bigJson.stats.tokenizerLoads} (target <= 500 MB)`);

fs.rmSync(tmp, { recursive: true, force: true });
const w = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i].length), ['measure', 'value', 'note'][i].length));
const line = (r) => `| ${r.map((c, i) => c.padEnd(w[i])).join(' | ')} |`;
console.log(line(['measure', 'value', 'note']));
console.log(`|${w.map((n) => '-'.repeat(n + 2)).join('|')}|`);
for (const r of rows) console.log(line(r));
