import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeFileAtomic } from './io.js';

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
