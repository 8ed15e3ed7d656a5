import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
// @ts-expect-error: bin/ is plain JavaScript, without types
import { programFiles } from '../bin/program.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The CLI tests run the bundle made from dist/ (bin/program.js): rebuild both when a source is
 * newer, and the bundle when dist/ is, so that `vitest` alone never tests a stale build.
 */
function buildIfStale(): void {
  const built = path.join(root, 'dist', 'cli.js');
  const builtAt = fs.existsSync(built) ? fs.statSync(built).mtimeMs : 0;
  const sources = fs.readdirSync(path.join(root, 'src'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
  if (sources.some((f) => fs.statSync(path.join(root, 'src', f)).mtimeMs > builtAt)) {
    const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
    execFileSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.json')], { stdio: 'inherit' });
  }
  if (!programFiles(pathToFileURL(root + path.sep), {}).bundled) {
    execFileSync(process.execPath, [path.join(root, 'scripts', 'bundle.mjs')], { stdio: 'inherit' });
  }
}

/**
 * Every test run gets a temporary folder of its own (TMPDIR, inherited by the test workers and the
 * CLIs they start): anything a test leaves behind is found there when the run ends, reported as a
 * failure, and removed, so the system temp folder is left as it was.
 */
export default function setup(): () => void {
  buildIfStale();
  const tempRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'plan-extract-test-run-'));
  const previous = process.env.TMPDIR;
  process.env.TMPDIR = tempRoot;
  // No copy of the value dictionary is kept outside the temp folder (tests/dictionary-files.test.ts uses one of its own).
  const previousCache = process.env.PLAN_EXTRACT_CACHE_DIR;
  process.env.PLAN_EXTRACT_CACHE_DIR = '';
  return () => {
    const left = fs.readdirSync(tempRoot);
    fs.rmSync(tempRoot, { recursive: true, force: true });
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    if (previousCache === undefined) delete process.env.PLAN_EXTRACT_CACHE_DIR;
    else process.env.PLAN_EXTRACT_CACHE_DIR = previousCache;
    if (left.length) {
      // A teardown error alone is only logged: the exit code makes the run fail.
      process.exitCode = 1;
      throw new Error(`tests left files in the temp folder: ${left.join(', ')}`);
    }
  };
}
