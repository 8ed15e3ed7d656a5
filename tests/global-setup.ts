import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Every test run gets a temporary folder of its own (TMPDIR, inherited by the test workers and the
 * CLIs they start): anything a test leaves behind is found there when the run ends, reported as a
 * failure, and removed, so the system temp folder is left as it was.
 */
export default function setup(): () => void {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'plan-extract-test-run-'));
  const previous = process.env.TMPDIR;
  process.env.TMPDIR = root;
  return () => {
    const left = fs.readdirSync(root);
    fs.rmSync(root, { recursive: true, force: true });
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    if (left.length) {
      // A teardown error alone is only logged: the exit code makes the run fail.
      process.exitCode = 1;
      throw new Error(`tests left files in the temp folder: ${left.join(', ')}`);
    }
  };
}
