import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import vm from 'node:vm';
import { cacheRoot, keepInCache, readFromCache } from '../cache-dir.js';
import { v8FlagsSetHere } from '../v8-flags.js';

/**
 * pdf.js's parsing half (a 2.3 MB module) loaded with V8's code cache. Every run starts a thread
 * that loads it, and the run waits for that thread: V8 parses the whole source (70–80 ms here),
 * then compiles each function the first time it runs, most of them on the first page (fonts,
 * content streams). Node.js 20 keeps no code cache for ES modules, so the module is run as a
 * script instead, whose compiled code V8 can save and take back (vm.Script's cachedData): the
 * source as pdf.js ships it, its one export returned from a function and `import.meta.url` given
 * as the file's URL. The code is saved once the thread has parsed a first page (so that the
 * functions compiled for it are in it), in the cache folder, under a name that changes with the
 * file (its path, size and time), with pdf.js's version and with Node.js's; V8 itself refuses code
 * saved by another V8 or with other flags (it is then compiled as without a cache, and saved again).
 * The script's source is kept beside it, written in ASCII (see escapedToAscii). The parser thread
 * loads the half in 85 ms instead of 130; a 23-page publication, whole process, paired: -f cells
 * 0.97x, json 0.98x. A pdf.js whose source is not of the expected shape, or a script that fails
 * to compile or to run, is imported as a module, as before (and what was kept is removed).
 */

const WORKER_MODULE = 'pdfjs-dist/legacy/build/pdf.worker.mjs';
const EXPORT = 'export { WorkerMessageHandler };';
/** The form of the kept script (asScript, escapedToAscii): part of its name, so that a changed form is not read as the old one. */
const SCRIPT_FORM = 2;

type ParsingHalf = { WorkerMessageHandler: { initializeFromPort(port: unknown): void } };

/** How this thread loaded the parsing half: imported, compiled as a script, or taken from the code cache. */
export type ParsingHalfLoad = 'import' | 'compiled' | 'cached';

/** Where the parsing half's script and code are kept (cacheFilesFor). */
type KeptFiles = { source: string; code: string; ofFile: string };

let loaded: { how: ParsingHalfLoad; script?: vm.Script; kept: KeptFiles | null } | null = null;
let saved = false;

/** How the parsing half was loaded in this thread (null: not yet); for tests. */
export function parsingHalfLoad(): ParsingHalfLoad | null {
  return loaded?.how ?? null;
}

/**
 * pdf.js builds its Brotli decoder as it loads, its 120 kB dictionary unpacked (15 ms of the parser
 * thread's start, before the first page can be parsed), for the BrotliDecode filter, which PDF
 * files rarely use. In the script it is built on first use instead: the same function, the same
 * result. Left as it is when pdf.js does not have this line once.
 */
const EAGER_BROTLI = 'let BrotliDecode = makeBrotliDecode();';
const LAZY_BROTLI = 'let BrotliDecode = (...args) => (BrotliDecode = makeBrotliDecode())(...args);';

/** The module's source as the body of a script: a function returning the module's export. Null when it is not of that shape. */
export function asScript(source: string, url: string): string | null {
  if (source.split(EXPORT).length !== 2 || /^\s*import[\s{*]/m.test(source)) return null;
  const body = source.split(EAGER_BROTLI).length === 2 ? source.replace(EAGER_BROTLI, LAZY_BROTLI) : source;
  // On the first line, so that the module's lines keep their numbers; strict, as a module is.
  return `(async function () {"use strict";${body.replaceAll('import.meta.url', JSON.stringify(url)).replace(EXPORT, 'return { WorkerMessageHandler };')}\n})`;
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
 * Where the script's source and its compiled code are kept, named after the file they come from
 * (null: no cache). The code is kept apart by the V8 flags of the process (the command line sets
 * some, see v8-flags.ts; users may give others), since V8 refuses code compiled under other flags:
 * the command line and a program using the library each keep theirs.
 */
function cacheFilesFor(file: string): KeptFiles | null {
  const root = cacheRoot();
  if (root === null) return null;
  const require = createRequire(import.meta.url);
  const version = (require('pdfjs-dist/package.json') as { version: string }).version;
  const stat = fs.statSync(file);
  const key = createHash('sha256').update(`${SCRIPT_FORM}\0${file}\0${stat.size}\0${stat.mtimeMs}`).digest('hex').slice(0, 16);
  const flags = createHash('sha256').update(`${v8FlagsSetHere()}\0${process.execArgv.join(' ')}\0${process.env.NODE_OPTIONS ?? ''}`).digest('hex').slice(0, 8);
  const ofFile = `parsing-half-${process.version}-${process.arch}-${key}`;
  const base = path.join(root, `pdfjs-${version}`, ofFile);
  return { source: `${base}.js`, code: `${base}-${flags}.cache`, ofFile };
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

/** pdf.js's parsing half, loaded with the code cache when there is one (see above). */
export async function importParsingHalf(): Promise<ParsingHalf> {
  const file = createRequire(import.meta.url).resolve(WORKER_MODULE);
  let kept: KeptFiles | null = null;
  try {
    kept = cacheFilesFor(file);
    const source = scriptSource(file, kept?.source);
    if (source === null) throw new Error('not of the expected shape');
    const cachedData = readFromCache(kept?.code) ?? undefined;
    const script = new vm.Script(source, { filename: file, cachedData, importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER });
    loaded = { how: cachedData && !script.cachedDataRejected ? 'cached' : 'compiled', script, kept };
    return await (script.runInThisContext() as () => Promise<ParsingHalf>)();
  } catch {
    try {
      for (const f of kept ? [kept.source, kept.code] : []) fs.rmSync(f, { force: true });
    } catch {
      // left as it is: read and refused again next time
    }
    loaded = { how: 'import', kept: null };
    return import(WORKER_MODULE) as Promise<ParsingHalf>;
  }
}

/**
 * Saves the parsing half's compiled code when this thread compiled it without the cache: once,
 * after it has parsed a page. A cache that cannot be written is no cache.
 */
export function keepParsingHalfCode(): void {
  if (saved || loaded?.how !== 'compiled' || !loaded.script || !loaded.kept) return;
  saved = true;
  const { script, kept } = loaded;
  // Of what this Node.js kept, only this file's script and its code (under any flags) are read again.
  const ofNode = `parsing-half-${process.version}-${process.arch}-`;
  const current = (name: string) => name === `${kept.ofFile}.js` || (name.startsWith(`${kept.ofFile}-`) && name.endsWith('.cache'));
  keepInCache(kept.code, () => script.createCachedData(), (old) => old.startsWith(ofNode) && !current(old));
}
