#!/usr/bin/env node
// The command line's program as a few files (bundle/), built from dist/ after tsc: its threads'
// entries and what they load later, with zod, commander and csv-stringify inside (rolldown keeps
// only what is used of zod). Loading some 170 modules one by one (each resolved, read, compiled,
// linked) cost the main thread 0.2–0.26 s on every run; see the README's performance section.
// pdf.js, kuromoji, exceljs and jszip stay outside: they are found in node_modules and read files
// of their own. bin/program.js runs this bundle unless dist/ is newer; the library (dist/index.js)
// is not bundled.
//   node scripts/bundle.mjs
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { rolldown } from 'rolldown';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'bundle');

// Each file is named after its entry, all in one folder beside dist/: the entries find one another
// by URL (new URL('./parser-entry.js', import.meta.url)) and package.json one folder up, as from dist/.
const entries = {
  cli: 'dist/cli.js',
  'v8-flags': 'dist/v8-flags.js',
  'parser-thread': 'dist/pdf/parser-thread.js',
  'parser-entry': 'dist/pdf/parser-entry.js',
  worker: 'dist/batch/worker.js',
  stats: 'dist/stats.js',
};
if (Object.values(entries).some((file) => !fs.existsSync(path.join(root, file)))) {
  console.error('bundle: dist/ is not built (run tsc first)');
  process.exit(1);
}

fs.rmSync(out, { recursive: true, force: true });
const bundle = await rolldown({
  cwd: root,
  input: Object.fromEntries(Object.entries(entries).map(([name, file]) => [name, path.join(root, file)])),
  platform: 'node',
  // Node.js's built-ins, and the packages that read files of their own, are imported from node_modules.
  external: [/^node:/, /^pdfjs-dist(\/|$)/, /^kuromoji(\/|$)/, /^exceljs$/, /^jszip$/],
  logLevel: 'warn',
});
await bundle.write({ dir: out, format: 'esm', entryFileNames: '[name].js', chunkFileNames: 'chunk-[hash].js', comments: { legal: false } });
await bundle.close();
