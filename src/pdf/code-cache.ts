import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import vm from 'node:vm';
import { cacheRoot, fileKey, keepInCache, readFromCache, v8FlagsKey } from '../cache-dir.js';

/**
 * pdf.js's two halves (2.3 MB and 1 MB modules) loaded with V8's code cache. Every run loads both,
 * the parsing half in a thread of its own and the display half in the main thread, and waits for
 * them: V8 parses the whole source (the parsing half: 70–80 ms here; the display half: 60 ms, on
 * the main thread while it loads the program), then compiles each function the first time it
 * runs. Node.js 20 keeps no code cache for ES modules, so each module is run as a script instead,
 * whose compiled code V8 can save and take back (vm.Script's cachedData): the source as pdf.js
 * ships it, its exports returned from a function and `import.meta.url` given as the file's URL.
 * The code is saved once a first page is parsed or read (keepPdfJsCode: the functions compiled for
 * it are then in it), in the cache folder, under a name that changes with the file (its path, size
 * and time), with pdf.js's version and with Node.js's; V8 itself refuses code saved by another V8
 * or with other flags (it is then compiled as without a cache, and saved again). The script's
 * source is kept beside it, written in ASCII (see escapedToAscii). The parser thread loads the
 * parsing half in 85 ms instead of 130; a 23-page publication, whole process, paired: -f cells
 * 0.97x, json 0.98x; the display half's code kept too, the same alone, 0.98–1.01x with 0.03–0.07 s
 * less CPU once the program's own code is cached (program-script.ts). A pdf.js whose source is not
 * of the expected shape, or a script that fails to compile or to run, is imported as a module, as
 * before (and what was kept is removed).
 */

/** One of pdf.js's halves: its module, and the name its kept files start with. */
interface Half {
  module: string;
  name: string;
}
const PARSING_HALF: Half = { module: 'pdfjs-dist/legacy/build/pdf.worker.mjs', name: 'parsing-half' };
const DISPLAY_HALF: Half = { module: 'pdfjs-dist/legacy/build/pdf.mjs', name: 'display-half' };

/** The form of the kept script (asScript, escapedToAscii): part of its name, so that a changed form is not read as the old one. */
const SCRIPT_FORM = 3;

type ParsingHalf = { WorkerMessageHandler: { initializeFromPort(port: unknown): void } };

/** How this thread loaded a half: imported, compiled as a script, or taken from the code cache. */
export type HalfLoad = 'import' | 'compiled' | 'cached';

/** Where a half's script and code are kept (cacheFilesFor). */
type KeptFiles = { source: string; code: string; ofFile: string };

/** How each half was loaded in this thread, and whether its code was saved. */
const loads = new Map<Half, { how: HalfLoad; script?: vm.Script; kept: KeptFiles | null; saved?: boolean }>();

/** How the parsing half was loaded in this thread (null: not yet); for tests. */
export function parsingHalfLoad(): HalfLoad | null {
  return loads.get(PARSING_HALF)?.how ?? null;
}

/** How the display half was loaded in this thread (null: not yet); for tests. */
export function displayHalfLoad(): HalfLoad | null {
  return loads.get(DISPLAY_HALF)?.how ?? null;
}

/**
 * pdf.js builds its Brotli decoder as it loads, its 120 kB dictionary unpacked (15 ms of the parser
 * thread's start, before the first page can be parsed), for the BrotliDecode filter, which PDF
 * files rarely use. In the script it is built on first use instead: the same function, the same
 * result. Left as it is when pdf.js does not have this line once.
 */
const EAGER_BROTLI = 'let BrotliDecode = makeBrotliDecode();';
const LAZY_BROTLI = 'let BrotliDecode = (...args) => (BrotliDecode = makeBrotliDecode())(...args);';

/** The export list a module ends with: `export { a, b as c };`. */
const EXPORT_LIST = /(?:^|\n)export \{([\w$\s,]*)\};\s*(?:\/\/# sourceMappingURL=\S*\s*)?$/;

/**
 * The module's source as the body of a script: a function returning the module's exports (an
 * object of them by name). Null when it is not of that shape: one export list, at its end, and no
 * other export or import statement.
 */
export function asScript(source: string, url: string): string | null {
  const list = EXPORT_LIST.exec(source);
  if (!list || /^\s*(?:import[\s{*]|export\s)/m.test(source.slice(0, list.index))) return null;
  const names = list[1].split(',').map((n) => n.trim()).filter(Boolean).map((n) => n.split(/\s+as\s+/));
  if (names.some((n) => n.length > 2 || n.some((part) => !/^[\w$]+$/.test(part)))) return null;
  const exports = names.map(([local, exported = local]) => `${exported}: ${local}`).join(', ');
  const body = source.slice(0, list.index);
  const lazy = body.split(EAGER_BROTLI).length === 2 ? body.replace(EAGER_BROTLI, LAZY_BROTLI) : body;
  // On the first line, so that the module's lines keep their numbers; strict, as a module is.
  return `(async function () {"use strict";${lazy.replaceAll('import.meta.url', JSON.stringify(url))}return { ${exports} };\n})`;
}

/**
 * The source with each character beyond ASCII written as a \u escape, which reads the same in the
 * string and regular-expression literals pdf.js has them in: the file is then read back as one-byte
 * text (2.3 MB: 20 ms, against 35 ms to decode it as UTF-8 and 20 ms to make it a script again).
 * Null when one of them is on a line with a template literal, whose raw text would change.
 */
export function escapedToAscii(source: string): string | null {
  const lines = source.match(/^.*[^\x00-\x7f].*$/gm) ?? [];
  if (lines.some((line) => line.includes('`'))) return null;
  return source.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * Where a half's script source and its compiled code are kept, named after the file they come from
 * (null: no cache). The code is kept apart by the V8 flags of the process (the command line sets
 * some, see v8-flags.ts; users may give others), since V8 refuses code compiled under other flags:
 * the command line and a program using the library each keep theirs.
 */
function cacheFilesFor(half: Half, file: string): KeptFiles | null {
  const root = cacheRoot();
  if (root === null) return null;
  const require = createRequire(import.meta.url);
  const version = (require('pdfjs-dist/package.json') as { version: string }).version;
  const ofFile = `${half.name}-${process.version}-${process.arch}-${fileKey(file, SCRIPT_FORM)}`;
  const base = path.join(root, `pdfjs-${version}`, ofFile);
  return { source: `${base}.js`, code: `${base}-${v8FlagsKey()}.cache`, ofFile };
}

/** The script's source: kept in the cache folder (ASCII), or made from pdf.js's file (and kept). Null when pdf.js's file is not of the expected shape. */
function scriptSource(file: string, kept: string | undefined): string | null {
  const cached = readFromCache(kept);
  if (cached) return cached.toString('latin1');
  const body = asScript(fs.readFileSync(file, 'utf8'), pathToFileURL(file).href);
  if (body === null || kept === undefined) return body;
  const ascii = escapedToAscii(body);
  if (ascii === null) return body;
  keepInCache(kept, () => Buffer.from(ascii, 'latin1'));
  return ascii;
}

/** A half of pdf.js, loaded with the code cache when there is one (see above). */
async function importHalf<T>(half: Half): Promise<T> {
  const file = createRequire(import.meta.url).resolve(half.module);
  let kept: KeptFiles | null = null;
  try {
    kept = cacheFilesFor(half, file);
    const source = scriptSource(file, kept?.source);
    if (source === null) throw new Error('not of the expected shape');
    const cachedData = readFromCache(kept?.code) ?? undefined;
    // pdf.js imports modules only to start a worker of its own, which it never does here (it is given
    // a port); V8's code cache would not keep that callback anyway (see program-script.ts).
    const script = new vm.Script(source, { filename: file, cachedData, importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER });
    loads.set(half, { how: cachedData && !script.cachedDataRejected ? 'cached' : 'compiled', script, kept });
    return await (script.runInThisContext() as () => Promise<T>)();
  } catch {
    try {
      for (const f of kept ? [kept.source, kept.code] : []) fs.rmSync(f, { force: true });
    } catch {
      // left as it is: read and refused again next time
    }
    loads.set(half, { how: 'import', kept: null });
    return import(half.module) as Promise<T>;
  }
}

/** pdf.js's parsing half (its "worker" module). */
export function importParsingHalf(): Promise<ParsingHalf> {
  return importHalf(PARSING_HALF);
}

/** pdf.js's display half (the module its API is in). */
export function importDisplayHalf(): Promise<typeof import('pdfjs-dist/legacy/build/pdf.mjs')> {
  return importHalf(DISPLAY_HALF);
}

/**
 * Saves the compiled code of each half this thread compiled without the cache: once, after it has
 * parsed or read a page. A cache that cannot be written is no cache.
 */
export function keepPdfJsCode(): void {
  for (const [half, load] of loads) {
    if (load.saved || load.how !== 'compiled' || !load.script || !load.kept) continue;
    load.saved = true;
    const { script, kept } = load;
    // Of what this Node.js kept of this half, only this file's script and its code (under any flags) are read again.
    const ofNode = `${half.name}-${process.version}-${process.arch}-`;
    const current = (name: string) => name === `${kept.ofFile}.js` || (name.startsWith(`${kept.ofFile}-`) && name.endsWith('.cache'));
    keepInCache(kept.code, () => script.createCachedData(), (old) => old.startsWith(ofNode) && !current(old));
  }
}

let keepQueued = false;

/** keepPdfJsCode once this turn of the event loop is over (once per thread). */
export function keepPdfJsCodeSoon(): void {
  if (keepQueued) return;
  keepQueued = true;
  setImmediate(keepPdfJsCode);
}
