#!/usr/bin/env node
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { programFiles } from './program.js';

// In a checkout, the first run builds dist/ from the TypeScript sources, and the bundle from it
// (an installed package ships both built).
const root = new URL('..', import.meta.url);
if (!fs.existsSync(new URL('dist/cli.js', root)) && fs.existsSync(new URL('tsconfig.json', root))) {
  const { execFileSync } = await import('node:child_process');
  const require = createRequire(import.meta.url);
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', new URL('tsconfig.json', root).pathname], { stdio: 'inherit' });
  try {
    execFileSync(process.execPath, [new URL('scripts/bundle.mjs', root).pathname], { stdio: 'inherit' });
  } catch {
    // No bundle (its error is on standard error): dist/ runs as it is.
  }
}
const program = programFiles(root);

// V8 tuned for a run of a few seconds (see src/v8-flags.ts), before anything else is loaded.
const { tuneV8ForCommandLine } = await import(program.v8Flags);
tuneV8ForCommandLine();

// Reading a publication, pdf.js parses it in a thread of its own: started first, that thread loads
// pdf.js while this one loads the rest of the program (not for the other commands and flags).
const args = process.argv.slice(2);
const readsDocuments = !['merge', 'schema', 'help'].includes(args[0]) && !args.some((a) => /^(?:-V|--version|-h|--help)$/.test(a));
if (readsDocuments) {
  const { startSpareParser } = await import(program.parserThread);
  startSpareParser();
}
const { main, processStats, loaded } = await loadProgram();

/**
 * The program: the bundle's script, with V8's code cache (src/program-script.ts), or, without it
 * (or when it does not run), its modules.
 */
async function loadProgram() {
  if (program.cliProgram) {
    try {
      const { runProgramScript } = await import(program.programScript);
      const loaded = runProgramScript(program.cliProgram);
      return { ...loaded.exports, loaded };
    } catch {
      // the modules, below
    }
  }
  const [{ main }, { processStats }] = await Promise.all([import(program.cli), import(program.stats)]);
  return { main, processStats, loaded: null };
}

// A closed pipe (`plan-extract x.pdf | head`) is the reader's choice, not an error.
process.stdout.on('error', (err) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});

if (process.env.PLAN_EXTRACT_STATS === '1') {
  process.on('exit', () => process.stderr.write(`plan-extract-stats ${JSON.stringify({ ...processStats(), program: loaded?.how ?? 'modules' })}\n`));
}

main(args).then(
  (code) => {
    // Exit once standard output is written: a document stopped at a time or memory limit may leave a
    // thread being ended (or, read by the library in this thread, pdf.js working in the background).
    process.exitCode = code;
    // The program's compiled code is kept after a run that read documents (it then has their code).
    if (readsDocuments && code === 0) loaded?.keepCode();
    process.stdout.write('', () => process.exit(code));
  },
  (err) => {
    process.stderr.write(`plan-extract: internal error: ${err?.message ?? err}\n`);
    process.exitCode = 70;
  },
);
