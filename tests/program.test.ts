import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: bin/ is plain JavaScript, without types
import { programFiles } from '../bin/program.js';
import { cli, fixture } from './helpers/cli.js';
import { testDir } from './helpers/temp.js';

/** A package folder with dist/cli.js and bundle/cli.js written at the given times (seconds), or missing (null). */
function packageAt(distAt: number | null, bundleAt: number | null): URL {
  const dir = testDir('program');
  for (const [folder, at] of [['dist', distAt], ['bundle', bundleAt]] as const) {
    if (at === null) continue;
    fs.mkdirSync(path.join(dir, folder));
    fs.writeFileSync(path.join(dir, folder, 'cli.js'), '');
    fs.utimesSync(path.join(dir, folder, 'cli.js'), at, at);
  }
  return pathToFileURL(dir + path.sep);
}

describe("the command line's program", () => {
  it('is the bundle unless dist/ was built after it, or dist/ is asked for', () => {
    const fresh = packageAt(1_000, 2_000);
    expect(programFiles(fresh, {}).bundled).toBe(true);
    expect(programFiles(fresh, {}).cli.href).toBe(new URL('bundle/cli.js', fresh).href);
    expect(programFiles(fresh, {}).parserThread.href).toBe(new URL('bundle/parser-thread.js', fresh).href);
    expect(programFiles(packageAt(2_000, 2_000), {}).bundled).toBe(true);
    const stale = packageAt(3_000, 2_000);
    expect(programFiles(stale, {}).bundled).toBe(false);
    expect(programFiles(stale, {}).parserThread.href).toBe(new URL('dist/pdf/parser-thread.js', stale).href);
    expect(programFiles(packageAt(1_000, null), {}).bundled).toBe(false);
    expect(programFiles(packageAt(null, 1_000), {}).bundled).toBe(true);
    expect(programFiles(fresh, { PLAN_EXTRACT_PROGRAM: 'dist' }).bundled).toBe(false);
  });

  it('reads the same from the bundle as from dist/: one document, its cells, a batch read by two workers', () => {
    const dist = { ...process.env, PLAN_EXTRACT_PROGRAM: 'dist' };
    const input = fixture('sample-chromium.pdf');
    for (const args of [[input], [input, '-f', 'cells', '--pages', '1-3'], [fixture('sample-calc.pdf'), input, '-f', 'jsonl', '--jobs', '2']]) {
      const bundled = cli(args);
      expect(bundled.code, bundled.stderr).toBe(0);
      const fromDist = cli(args, { env: dist });
      expect(bundled.stdout).toBe(fromDist.stdout);
      expect(bundled.stderr).toBe(fromDist.stderr);
    }
    expect(cli(['--version']).stdout).toBe(cli(['--version'], { env: dist }).stdout);
  }, 60_000);
});
