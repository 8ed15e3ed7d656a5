import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { cacheRoot, fileKey, keepInCache, readFromCache, v8FlagsKey } from './cache-dir.js';

/**
 * The command line's program run as one script with V8's code cache. Node.js 20 keeps no compiled
 * code for ES modules: every run, the main thread parsed the program's 600 kB (60 ms), then
 * compiled each function the first time it ran, most of them while the first pages came, on the
 * thread every page goes through. scripts/bundle.mjs makes bundle/cli-program.cjs of the program
 * (cli-program.ts and what it loads, as CommonJS, its dynamic imports written `__import(…)`); it
 * is run here as a script, and its compiled code is saved after a run that read a document (the
 * functions compiled for it are then in it), in the cache folder, under a name that changes with
 * the file (path, size, time), with Node.js and with the V8 flags (V8 refuses code compiled
 * under others; it is then compiled as without a cache, and saved again). 23 pages, whole process,
 * paired: 0.97x. A script that does not compile or run is not used: bin/ imports bundle/cli.js.
 */

/** What the program script exports (cli-program.ts). */
export type ProgramExports = typeof import('./cli-program.js');

/** How the program was loaded: compiled (its code then saved by keepCode) or taken from the code cache. */
export type ProgramLoad = 'compiled' | 'cached';

export interface ProgramScript {
  exports: ProgramExports;
  how: ProgramLoad;
  /** Saves the compiled code when it was compiled without the cache (once); a cache that cannot be written is no cache. */
  keepCode(): void;
}

/** Where the script's compiled code is kept (null: no cache), and the names of the files it replaces. */
function codeFileFor(file: string): { code: string; stale: (name: string) => boolean } | null {
  const root = cacheRoot();
  if (root === null) return null;
  const key = fileKey(file);
  const ofNode = `program-${process.version}-${process.arch}-`;
  const code = path.join(root, 'program', `${ofNode}${key}-${v8FlagsKey()}.cache`);
  // Code of an older build of the program, for this Node.js, is never read again (any flags).
  return { code, stale: (name) => name.startsWith(ofNode) && !name.startsWith(`${ofNode}${key}-`) };
}

/** Runs the program script (bundle/cli-program.cjs), with its code cache when there is one. */
export function runProgramScript(url: URL): ProgramScript {
  const file = fileURLToPath(url);
  const kept = codeFileFor(file);
  const source = fs.readFileSync(file, 'utf8');
  const cachedData = readFromCache(kept?.code) ?? undefined;
  // The CommonJS wrapper, on the first line so that the file's lines keep their numbers.
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname, __import) {${source}\n})`, { filename: file, cachedData });
  const module = { exports: {} as ProgramExports };
  const run = script.runInThisContext() as (...args: unknown[]) => void;
  // The dynamic imports of the program (pdf.js, exceljs) are made from here: a script's own import() would need vm's experimental loader option.
  run(module.exports, createRequire(file), module, file, path.dirname(file), (specifier: string) => import(specifier));
  const how: ProgramLoad = cachedData && !script.cachedDataRejected ? 'cached' : 'compiled';
  let saved = how === 'cached';
  return {
    exports: module.exports,
    how,
    keepCode() {
      if (saved || !kept) return;
      saved = true;
      keepInCache(kept.code, () => script.createCachedData(), kept.stale);
    },
  };
}
