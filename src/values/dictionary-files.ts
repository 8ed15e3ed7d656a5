import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { writeFileAtomic } from '../io.js';

/**
 * kuromoji's dictionary files, inflated. kuromoji ships them gzipped (12 MB): inflating the five
 * files read here costs 0.28 s of CPU on every run that writes plans, which on 2 cores competes
 * with the reading of the pages. The inflated bytes (35 MB) are therefore kept in a cache folder
 * and read from there, on libuv's threads. A copy is named after the CRC-32 its gzip file's trailer
 * records, and taken only at the size the trailer records: a changed dictionary is not mistaken for
 * the old one, and a copy is written whole or not at all (renamed into place). Checking each copy's
 * own CRC-32 would cost this thread 50 ms on every run. Anything amiss with the cache (no folder,
 * no permission, a cut copy) only means the files are inflated again.
 */

export const DICTIONARY_FILES = ['base', 'check', 'tid', 'tid_map', 'cc'] as const;
export type DictionaryFiles = Record<(typeof DICTIONARY_FILES)[number], Buffer>;
type Name = (typeof DICTIONARY_FILES)[number];

function dictionaryDir(): string {
  const require = createRequire(import.meta.url);
  return path.join(path.dirname(require.resolve('kuromoji/package.json')), 'dict');
}

function kuromojiVersion(): string {
  const require = createRequire(import.meta.url);
  return (require('kuromoji/package.json') as { version: string }).version;
}

/**
 * The cache folder: PLAN_EXTRACT_CACHE_DIR when set (set empty, no cache), otherwise
 * $XDG_CACHE_HOME/plan-extract or ~/.cache/plan-extract; a folder per kuromoji version.
 */
export function dictionaryCacheDir(env: NodeJS.ProcessEnv = process.env): string | null {
  const given = env.PLAN_EXTRACT_CACHE_DIR;
  if (given !== undefined) return given === '' ? null : path.join(given, `kuromoji-${kuromojiVersion()}`);
  const base = env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'plan-extract', `kuromoji-${kuromojiVersion()}`);
}

/** What a gzip file's trailer says of its content: its CRC-32 and its size (mod 2^32). */
interface Trailer {
  crc: number;
  size: number;
}

const trailerOf = (packed: Buffer): Trailer => ({ crc: packed.readUInt32LE(packed.length - 8), size: packed.readUInt32LE(packed.length - 4) });

/** The cached copy when it is whole, else null. */
function checkedCopy(copy: Buffer | null, trailer: Trailer): Buffer | null {
  return copy && copy.length % 2 ** 32 === trailer.size ? copy : null;
}

const copyName = (name: Name, trailer: Trailer) => `${name}-${trailer.crc.toString(16).padStart(8, '0')}.dat`;

/** Inflates a file in one piece: its size is in the gzip trailer. */
const inflateOptions = (trailer: Trailer): zlib.ZlibOptions => ({ chunkSize: Math.max(64 * 1024, trailer.size + 1) });

/** Keeps an inflated copy; a cache that cannot be written is no cache. */
function keepCopy(cache: string | null, file: string, content: Buffer): void {
  if (!cache) return;
  try {
    fs.mkdirSync(cache, { recursive: true });
    writeFileAtomic(path.join(cache, file), content);
  } catch {
    // read-only home, full disk: inflated again next time
  }
}

function readCopySync(cache: string | null, file: string): Buffer | null {
  if (!cache) return null;
  try {
    return fs.readFileSync(path.join(cache, file));
  } catch {
    return null;
  }
}

async function readCopy(cache: string | null, file: string): Promise<Buffer | null> {
  if (!cache) return null;
  return fs.promises.readFile(path.join(cache, file)).catch(() => null);
}

/** The inflated files, now (from the cache, or inflated in this thread). */
export function readDictionarySync(cache = dictionaryCacheDir()): DictionaryFiles {
  const dir = dictionaryDir();
  const files = {} as DictionaryFiles;
  for (const name of DICTIONARY_FILES) {
    const packed = fs.readFileSync(path.join(dir, `${name}.dat.gz`));
    const trailer = trailerOf(packed);
    const copy = checkedCopy(readCopySync(cache, copyName(name, trailer)), trailer);
    files[name] = copy ?? zlib.gunzipSync(packed, inflateOptions(trailer));
    if (!copy) keepCopy(cache, copyName(name, trailer), files[name]);
  }
  return files;
}

/** The inflated files, read (or inflated) on libuv's threads. */
export async function readDictionary(cache = dictionaryCacheDir()): Promise<DictionaryFiles> {
  const dir = dictionaryDir();
  const gunzip = promisify(zlib.gunzip) as (b: Buffer, o: zlib.ZlibOptions) => Promise<Buffer>;
  const entries = await Promise.all(DICTIONARY_FILES.map(async (name) => {
    const packed = await fs.promises.readFile(path.join(dir, `${name}.dat.gz`));
    const trailer = trailerOf(packed);
    const copy = checkedCopy(await readCopy(cache, copyName(name, trailer)), trailer);
    if (copy) return [name, copy] as const;
    const inflated = await gunzip(packed, inflateOptions(trailer));
    keepCopy(cache, copyName(name, trailer), inflated);
    return [name, inflated] as const;
  }));
  return Object.fromEntries(entries) as DictionaryFiles;
}
