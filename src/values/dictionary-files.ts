import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { cacheRoot, keepInCache, readFromCache } from '../cache-dir.js';

/**
 * kuromoji's dictionary, as the tokenizer reads it. kuromoji ships its files gzipped (12 MB):
 * inflating the five read here costs 0.28 s of CPU on every run that writes plans, which on 2 cores
 * competes with the reading of the pages; and what the tokenizer then does to them (cutting their
 * padding, indexing the word map: see prepare) cost the main thread a tenth of a second more, in
 * the middle of the reading. The prepared dictionary (25 MB) is therefore kept in one file of a
 * cache folder and read from there on libuv's threads: the tokenizer takes views of it. The file
 * is named after the CRC-32s the gzip files' trailers record (a changed dictionary is not mistaken
 * for the old one), written whole or not at all (renamed into place), and taken only when its
 * header and its length agree. Anything amiss with the cache (no folder, no permission, a cut
 * copy) only means the files are inflated and prepared again.
 */

/** kuromoji's files the tokenizer reads (see tokenizer.ts for the others). */
export const DICTIONARY_FILES = ['base', 'check', 'tid', 'tid_map', 'cc'] as const;
type SourceName = (typeof DICTIONARY_FILES)[number];
type SourceFiles = Record<SourceName, Buffer>;

/** kuromoji's dictionary as its tokenizer classes take it (see prepare). */
export interface PreparedDictionary {
  /** The trie (base.dat, check.dat), cut where kuromoji's trie cuts it when loaded. */
  base: Int32Array;
  check: Int32Array;
  /** The words' token info (tid.dat) without its padding. */
  tid: Uint8Array;
  /** tid_map.dat: per surface id, its id, a count n and n word ids. */
  tidMap: Int32Array;
  /** Each surface id of tid_map, in the file's (ascending) order, and where its word ids start. */
  tidMapKeys: Int32Array;
  tidMapStarts: Int32Array;
  /** The connection costs (cc.dat). */
  cc: Int16Array;
}

/** The parts of the cache file, in order, with the size of their elements in bytes. */
const PARTS = [['base', 4], ['check', 4], ['tid', 1], ['tidMap', 4], ['tidMapKeys', 4], ['tidMapStarts', 4], ['cc', 2]] as const;
const MAGIC = 'PXD1';
/** The magic, then each part's length in bytes; parts start at multiples of 4 after it. */
const HEADER = 4 + 4 * PARTS.length;
const padded = (n: number) => (n + 3) & ~3;

const int32s = (b: Uint8Array) => new Int32Array(b.buffer, b.byteOffset, b.byteLength >> 2);
const int16s = (b: Uint8Array) => new Int16Array(b.buffer, b.byteOffset, b.byteLength >> 1);
/**
 * A buffer's bytes as a plain Uint8Array (kuromoji's byte reader then always sees the one kind of
 * array) whose start allows 32-bit views: a view of it, or a copy.
 */
const aligned = (b: Buffer): Uint8Array => (b.byteOffset % 4 === 0 ? new Uint8Array(b.buffer, b.byteOffset, b.byteLength) : new Uint8Array(b));

/**
 * How much of the trie kuromoji keeps: its trie loader (doublearray's shrink) keeps the arrays up
 * to the last node in use and one unused node after it, found by a scan back from the end (the
 * arrays are 2 M entries, 0.7 M of them unused: 20 ms, in code not yet compiled).
 */
export function trieLength(check: Int32Array): number {
  let last = check.length - 1;
  while (last >= 0 && !(check[last] >= 0)) last--;
  return Math.min(check.length, last + 2);
}

/**
 * tid.dat without its padding: kuromoji's files are padded with zeros to a power of two (tid.dat:
 * 3.9 of 10 MB), and its byte reader returns 0 past the end of a buffer, so the cut file reads
 * the same. The zeros are found a block at a time (a native comparison), then byte by byte.
 */
export function withoutPadding(b: Uint8Array): Uint8Array {
  const BLOCK = 4096;
  const zeros = Buffer.alloc(BLOCK);
  const bytes = Buffer.from(b.buffer, b.byteOffset, b.byteLength);
  let n = bytes.length;
  while (n >= BLOCK && bytes.compare(zeros, 0, BLOCK, n - BLOCK, n) === 0) n -= BLOCK;
  while (n > 0 && bytes[n - 1] === 0) n--;
  return b.subarray(0, n);
}

/**
 * Where each surface id's word ids are in tid_map.dat (little-endian 32-bit integers: a count,
 * then per surface id: id, n, n word ids). kuromoji builds an object of 390,000 arrays from it
 * (about 150 MB of heap); the tokenizer searches these instead (see tokenizer.ts).
 */
export function targetMapIndex(tidMap: Int32Array): { keys: Int32Array; starts: Int32Array } {
  const count = Math.max(0, tidMap[0] ?? 0);
  const keys = new Int32Array(count);
  const starts = new Int32Array(count);
  let at = 1;
  let k = 0;
  for (; k < count && at + 2 <= tidMap.length; k++) {
    keys[k] = tidMap[at];
    starts[k] = at + 2;
    at += 2 + tidMap[at + 1];
  }
  return { keys: keys.subarray(0, k), starts: starts.subarray(0, k) };
}

/** kuromoji's inflated files as the tokenizer reads them. */
function prepare(files: SourceFiles): PreparedDictionary {
  const check = int32s(aligned(files.check));
  const n = trieLength(check);
  const tidMap = int32s(aligned(files.tid_map));
  const { keys, starts } = targetMapIndex(tidMap);
  return {
    base: int32s(aligned(files.base)).subarray(0, n),
    check: check.subarray(0, n),
    tid: new Uint8Array(withoutPadding(files.tid)),
    tidMap,
    tidMapKeys: keys,
    tidMapStarts: starts,
    cc: int16s(aligned(files.cc)),
  };
}

/** The prepared dictionary as the cache file holds it. */
function encodeDictionary(d: PreparedDictionary): Buffer {
  const bytes = PARTS.map(([name]) => new Uint8Array(d[name].buffer, d[name].byteOffset, d[name].byteLength));
  const out = Buffer.alloc(HEADER + bytes.reduce((sum, b) => sum + padded(b.length), 0));
  out.write(MAGIC, 0, 'latin1');
  let at = HEADER;
  bytes.forEach((b, k) => {
    out.writeUInt32LE(b.length, 4 + 4 * k);
    out.set(b, at);
    at += padded(b.length);
  });
  return out;
}

/** The prepared dictionary in a cache file (views of it), or null when the file is not one, or not whole. */
export function decodeDictionary(file: Buffer): PreparedDictionary | null {
  if (file.length < HEADER || file.toString('latin1', 0, 4) !== MAGIC) return null;
  const b = aligned(file);
  const parts: Partial<Record<(typeof PARTS)[number][0], Uint8Array>> = {};
  let at = HEADER;
  for (let k = 0; k < PARTS.length; k++) {
    const [name, size] = PARTS[k];
    const length = file.readUInt32LE(4 + 4 * k);
    if (length % size !== 0 || at + length > b.length) return null;
    parts[name] = b.subarray(at, at + length);
    at += padded(length);
  }
  if (at !== b.length) return null;
  const p = parts as Record<(typeof PARTS)[number][0], Uint8Array>;
  return { base: int32s(p.base), check: int32s(p.check), tid: p.tid, tidMap: int32s(p.tidMap), tidMapKeys: int32s(p.tidMapKeys), tidMapStarts: int32s(p.tidMapStarts), cc: int16s(p.cc) };
}

function dictionaryDir(): string {
  const require = createRequire(import.meta.url);
  return path.join(path.dirname(require.resolve('kuromoji/package.json')), 'dict');
}

function kuromojiVersion(): string {
  const require = createRequire(import.meta.url);
  return (require('kuromoji/package.json') as { version: string }).version;
}

/** The dictionary's cache folder (see cacheRoot): a folder per kuromoji version. */
export function dictionaryCacheDir(env: NodeJS.ProcessEnv = process.env): string | null {
  const root = cacheRoot(env);
  return root === null ? null : path.join(root, `kuromoji-${kuromojiVersion()}`);
}

/** What a gzip file's trailer says of its content: its CRC-32 and its size (mod 2^32). */
interface Trailer {
  crc: number;
  size: number;
}

/** The trailer of a gzip file: its last 8 bytes, read alone. */
function trailerOf(file: string): Trailer {
  const fd = fs.openSync(file, 'r');
  try {
    const end = Buffer.alloc(8);
    fs.readSync(fd, end, 0, 8, Math.max(0, fs.fstatSync(fd).size - 8));
    return { crc: end.readUInt32LE(0), size: end.readUInt32LE(4) };
  } finally {
    fs.closeSync(fd);
  }
}

interface Sources {
  paths: Record<SourceName, string>;
  trailers: Record<SourceName, Trailer>;
  /** The cache file's name: the five files' CRC-32s. */
  copyName: string;
}

function sources(): Sources {
  const dir = dictionaryDir();
  const paths = Object.fromEntries(DICTIONARY_FILES.map((name) => [name, path.join(dir, `${name}.dat.gz`)])) as Record<SourceName, string>;
  const trailers = Object.fromEntries(DICTIONARY_FILES.map((name) => [name, trailerOf(paths[name])])) as Record<SourceName, Trailer>;
  const copyName = `dictionary-${DICTIONARY_FILES.map((name) => trailers[name].crc.toString(16).padStart(8, '0')).join('')}.bin`;
  return { paths, trailers, copyName };
}

/** Inflates a file in one piece: its size is in the gzip trailer. */
const inflateOptions = (trailer: Trailer): zlib.ZlibOptions => ({ chunkSize: Math.max(64 * 1024, trailer.size + 1) });

/** Keeps the prepared dictionary, and removes older copies (this format's under another name, and the inflated files earlier versions kept). */
function keepCopy(cache: string | null, name: string, d: PreparedDictionary): void {
  if (cache) keepInCache(path.join(cache, name), () => encodeDictionary(d), (old) => /^(?:dictionary-[0-9a-f]+\.bin|(?:base|check|tid|tid_map|cc)-[0-9a-f]{8}\.dat)$/.test(old));
}

function readCopySync(cache: string | null, name: string): PreparedDictionary | null {
  const file = readFromCache(cache && path.join(cache, name));
  return file && decodeDictionary(file);
}

async function readCopy(cache: string | null, name: string): Promise<PreparedDictionary | null> {
  if (!cache) return null;
  const file = await fs.promises.readFile(path.join(cache, name)).catch(() => null);
  return file && decodeDictionary(file);
}

/** The prepared dictionary, now (from the cache, or inflated and prepared in this thread). */
export function readDictionarySync(cache = dictionaryCacheDir()): PreparedDictionary {
  const { paths, trailers, copyName } = sources();
  const copy = readCopySync(cache, copyName);
  if (copy) return copy;
  const inflated = Object.fromEntries(DICTIONARY_FILES.map((name) => [name, zlib.gunzipSync(fs.readFileSync(paths[name]), inflateOptions(trailers[name]))])) as SourceFiles;
  const prepared = prepare(inflated);
  keepCopy(cache, copyName, prepared);
  return prepared;
}

/** The prepared dictionary, read on libuv's threads (or inflated there, and prepared in this thread). */
export async function readDictionary(cache = dictionaryCacheDir()): Promise<PreparedDictionary> {
  const { paths, trailers, copyName } = sources();
  const copy = await readCopy(cache, copyName);
  if (copy) return copy;
  const gunzip = promisify(zlib.gunzip) as (b: Buffer, o: zlib.ZlibOptions) => Promise<Buffer>;
  const entries = await Promise.all(DICTIONARY_FILES.map(async (name) => [name, await gunzip(await fs.promises.readFile(paths[name]), inflateOptions(trailers[name]))] as const));
  const prepared = prepare(Object.fromEntries(entries) as SourceFiles);
  keepCopy(cache, copyName, prepared);
  return prepared;
}
