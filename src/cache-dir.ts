import os from 'node:os';
import path from 'node:path';

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
