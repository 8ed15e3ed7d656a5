import { afterEach, describe, expect, it, vi } from 'vitest';
// The batch's workers run dist/batch/worker.js (built by the global setup): these tests use dist/.
import { expandInputs, type FileOutcome } from '../dist/batch/files.js';
import { runBatch } from '../dist/batch/run.js';
import { fixture } from './helpers/cli.js';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('--max-memory in a batch', () => {
  it('stops the files read together and reads them again one at a time: only the one over the bound fails', async () => {
    const { inputs } = expandInputs([fixture('sample-calc.pdf'), fixture('synthetic-a3-mincho.pdf')]);
    const rss = process.memoryUsage.rss;
    const over = 64 * 1024 ** 3;
    const t0 = Date.now();
    // The process is over the bound twice: while both files are being read (their workers starting),
    // and later while the first one is read again alone.
    vi.spyOn(process.memoryUsage, 'rss').mockImplementation(() => {
      const t = Date.now() - t0;
      return (t > 150 && t < 260) || (t > 700 && t < 820) ? over : rss();
    });
    const outcomes: FileOutcome[] = [];
    await runBatch(inputs, { jobs: 2, format: 'cells', read: {}, maxMemoryMb: 900, onFile: (o) => void outcomes.push(o) });
    expect(outcomes.map((o) => [o.input.displayName, o.ok ? 'ok' : o.error.code])).toEqual([
      ['sample-calc.pdf', 'MEMORY_LIMIT'],
      ['synthetic-a3-mincho.pdf', 'ok'],
    ]);
  }, 60_000);
});
