import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeFileAtomic } from './io.js';
import { v8FlagsSetHere } from './v8-flags.js';

/**
 * The folder where runs keep what they would otherwise compute again on every run (the prepared
 * value dictionary, pdf.js's compiled code): PLAN_EXTRACT_CACHE_DIR when set (set empty: none),
 * otherwise $XDG_CACHE_HOME/plan-extract or ~/.cache/plan-extract.
 */
export function cacheRoot(env: NodeJS.ProcessEnv = process.env): string | null {
  const given = env.PLAN_EXTRACT_CACHE_DIR;
  if (given !== undefined) return given === '' ? null : given;
  return path.join(env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'plan-extract');
}

/** A file of the cache folder, or null when it is not there (or cannot be read). */
export function readFromCache(file: string | null | undefined): Buffer | null {
  if (!file) return null;
  try {
    return fs.readFileSync(file);
  } catch {
    return null;
  }
}

/**
 * Writes a file into its cache folder (whole or not at all) and removes the older files of the
 * folder that `stale` names. Anything amiss (a folder that cannot be written, content that cannot
 * be made) only means no cache: the work is done again next time.
 */
export function keepInCache(file: string, content: () => Uint8Array, stale: (name: string) => boolean = () => false): void {
  const dir = path.dirname(file);
  try {
    fs.mkdirSync(dir, { recursive: true });
    writeFileAtomic(file, content());
    for (const old of fs.readdirSync(dir)) if (old !== path.basename(file) && stale(old)) fs.rmSync(path.join(dir, old), { force: true });
  } catch {
    // read-only home, full disk, out of memory
  }
}

/**
 * A key (16 hex digits) of a file as it is now (its path, size and time, after `parts`): what is kept
 * of it is named after it, so that a changed file is not taken for the old one.
 */
export function fileKey(file: string, ...parts: (string | number)[]): string {
  const stat = fs.statSync(file);
  return createHash('sha256').update([...parts, file, stat.size, stat.mtimeMs].join('\0')).digest('hex').slice(0, 16);
}

/**
 * A key (8 hex digits) of the flags V8 runs under in this process: those the command line sets
 * (v8-flags.ts), those given to Node.js. V8 refuses code compiled under other flags, so compiled
 * code is kept apart by it. (Here, not in v8-flags.ts: the command line loads that first thing, and
 * node:crypto takes it 6 ms to load.)
 */
export function v8FlagsKey(): string {
  return createHash('sha256').update(`${v8FlagsSetHere()}\0${process.execArgv.join(' ')}\0${process.env.NODE_OPTIONS ?? ''}`).digest('hex').slice(0, 8);
}
