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
import vm from 'node:vm';
import { rolldown } from 'rolldown';
import ts from 'typescript';

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
  'program-script': 'dist/program-script.js',
};
if (Object.values(entries).some((file) => !fs.existsSync(path.join(root, file)))) {
  console.error('bundle: dist/ is not built (run tsc first)');
  process.exit(1);
}

// Node.js's built-ins, and the packages that read files of their own, are imported from node_modules.
const EXTERNAL = [/^node:/, /^pdfjs-dist(\/|$)/, /^kuromoji(\/|$)/, /^exceljs$/, /^jszip$/];

fs.rmSync(out, { recursive: true, force: true });
const bundle = await rolldown({
  cwd: root,
  input: Object.fromEntries(Object.entries(entries).map(([name, file]) => [name, path.join(root, file)])),
  platform: 'node',
  external: EXTERNAL,
  logLevel: 'warn',
});
await bundle.write({ dir: out, format: 'esm', entryFileNames: '[name].js', chunkFileNames: 'chunk-[hash].js', comments: { legal: false } });
await bundle.close();

// The same program as one CommonJS script, which bin/ runs with V8's code cache (see
// src/program-script.ts): everything the command line loads in its main thread, in one file.
const PROGRAM = 'cli-program';
const program = await rolldown({ cwd: root, input: { [PROGRAM]: path.join(root, 'dist/cli-program.js') }, platform: 'node', external: EXTERNAL, logLevel: 'warn' });
const { output } = await program.generate({ format: 'cjs', codeSplitting: false, comments: { legal: false } });
await program.close();
const script = withImportsFromLoader(output[0].code);
// A script that does not compile is left out (this throws): bin/ then imports bundle/cli.js.
new vm.Script(`(function (exports, require, module, __filename, __dirname, __import) {${script}\n})`);
fs.writeFileSync(path.join(out, `${PROGRAM}.cjs`), script);

/**
 * The script's dynamic imports (`import(x)`: of pdf.js, exceljs, jszip) made by the loader that runs
 * it: `__import(x)`. A script's own import() needs vm's experimental loader option, which V8's code
 * cache does not keep. Found as import calls in the syntax tree, not as text.
 */
function withImportsFromLoader(code) {
  const file = ts.createSourceFile('script.js', code, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  const starts = [];
  const visit = (node) => {
    if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) starts.push(node.expression.getStart(file));
    ts.forEachChild(node, visit);
  };
  visit(file);
  let result = code;
  for (const at of starts.sort((a, b) => b - a)) result = `${result.slice(0, at)}__import${result.slice(at + 'import'.length)}`;
  return result;
}
