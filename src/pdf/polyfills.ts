import { createRequire } from 'node:module';
import { importDisplayHalf, importParsingHalf } from './code-cache.js';

export { keepPdfJsCodeSoon } from './code-cache.js';

/**
 * pdf.js's Node build fills DOMMatrix, ImageData and Path2D from the optional native package
 * @napi-rs/canvas (33 MB), which only rendering needs: reading operator lists only constructs
 * an identity DOMMatrix when the module loads. These stand-ins let pdf.js load where optional
 * dependencies were not installed, and the native package is not loaded at all (it costs about
 * 0.1 s per worker thread).
 */
class MatrixStandIn {
  a = 1;
  b = 0;
  c = 0;
  d = 1;
  e = 0;
  f = 0;
  constructor(init?: ArrayLike<number>) {
    if (init && init.length >= 6) [this.a, this.b, this.c, this.d, this.e, this.f] = Array.from(init);
  }
}

class Unsupported {
  constructor() {
    throw new Error('rendering is not supported by plan-extract');
  }
}

/** Installs the stand-ins where the globals are missing (a process that has them keeps its own). */
function installStandIns(): void {
  const g = globalThis as Record<string, unknown>;
  g.DOMMatrix ??= MatrixStandIn;
  g.ImageData ??= Unsupported;
  g.Path2D ??= Unsupported;
}

/**
 * Built-ins that pdf.js's legacy build replaces with core-js versions on Node.js 20: push because
 * V8 there mishandles a length past 2^32 on array-likes, JSON for JSON.rawJSON and source-text
 * access. Nothing here or in pdf.js relies on those corners, and the replacements are slow where
 * everything runs: the JavaScript push made pdf.js's own parse about a fifth slower (208 pages:
 * 2.1 s against 2.6 s), stringify with a replacer is twenty times the native one.
 */
function nativeBuiltIns(): () => void {
  const push = Array.prototype.push;
  const { parse, stringify } = JSON;
  return () => {
    Array.prototype.push = push;
    JSON.parse = parse;
    JSON.stringify = stringify;
  };
}

/**
 * Node.js loads its fetch implementation (undici) the first time a global such as Response is
 * read: 30–40 ms. pdf.js reads Response when it loads, only to add Response.prototype.bytes where
 * it is missing, which Node.js's own has had since undici 6.15 (Node.js 20.19 ships 6.21). While
 * pdf.js loads, Response is a stand-in that has it; the lazy global is then put back as it was.
 */
function fetchLeftUnloaded(): () => void {
  const lazy = Object.getOwnPropertyDescriptor(globalThis, 'Response');
  const [major, minor] = (process.versions.undici ?? '0.0').split('.').map(Number);
  if (!lazy?.get || !lazy.configurable || major < 6 || (major === 6 && minor < 15)) return () => {};
  Object.defineProperty(globalThis, 'Response', { value: ResponseStandIn, configurable: true, writable: true });
  return () => Object.defineProperty(globalThis, 'Response', lazy);
}

class ResponseStandIn {
  bytes(): never {
    throw new Error('fetch is not used by plan-extract');
  }
}

/**
 * Loads pdf.js: with the stand-ins installed, its require of @napi-rs/canvas answered "not found"
 * without loading it, and its warnings about that kept off the console. Both are undone once the
 * modules are loaded, so that the rest of the process is left as it was, and the built-ins it
 * replaced are native again. One load at a time: a load ending would otherwise undo all this under
 * another one still running.
 */
export function loadWithoutCanvas<T>(load: () => Promise<T>): Promise<T> {
  const loaded = loadsDone.then(() => loadAlone(load));
  loadsDone = loaded.catch(() => {});
  return loaded;
}

let loadsDone: Promise<unknown> = Promise.resolve();

async function loadAlone<T>(load: () => Promise<T>): Promise<T> {
  installStandIns();
  const Module = createRequire(import.meta.url)('node:module') as { _load: (request: string, ...rest: unknown[]) => unknown };
  const moduleLoad = Module._load;
  Module._load = function (this: unknown, request: string, ...rest: unknown[]) {
    if (request === '@napi-rs/canvas') throw Object.assign(new Error(`Cannot find module '${request}'`), { code: 'MODULE_NOT_FOUND' });
    return moduleLoad.call(this, request, ...rest);
  };
  const warn = console.warn;
  console.warn = (...args: unknown[]) => {
    if (typeof args[0] === 'string' && /^Warning: Cannot (?:load "@napi-rs\/canvas"|polyfill)/.test(args[0])) return;
    warn(...args);
  };
  const restoreBuiltIns = nativeBuiltIns();
  const restoreFetch = fetchLeftUnloaded();
  try {
    return await load();
  } finally {
    restoreFetch();
    restoreBuiltIns();
    console.warn = warn;
    Module._load = moduleLoad;
  }
}

/** pdf.js's display half (its API), loaded as loadWithoutCanvas says, with its code cache (code-cache.ts). */
export function loadDisplayHalf(): Promise<typeof import('pdfjs-dist/legacy/build/pdf.mjs')> {
  return loadWithoutCanvas(importDisplayHalf);
}

/** pdf.js's parsing half (its "worker" module), loaded the same way: in a parser thread, or in this thread for pdf.js's fake worker. */
export function loadParsingHalf(): Promise<{ WorkerMessageHandler: { initializeFromPort(port: unknown): void } }> {
  return loadWithoutCanvas(importParsingHalf);
}
