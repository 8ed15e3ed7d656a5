import { Worker, type TransferListItem } from 'node:worker_threads';
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
    // The process is made to be over the bound at the first check after a read job is handed to a
    // worker: the second (both files are being read), and the third (the first file read again alone).
    // Set by the jobs, not by the clock, so that it holds however fast the workers read. --jobs 3:
    // with 2, a batch is read in this thread, a file at a time.
    let readsPosted = 0;
    let overAtNextCheck = false;
    const postMessage = Worker.prototype.postMessage;
    vi.spyOn(Worker.prototype, 'postMessage').mockImplementation(function (this: Worker, message: unknown, transferList?: readonly TransferListItem[]) {
      if ((message as { kind?: string }).kind === 'read') {
        readsPosted++;
        if (readsPosted === 2 || readsPosted === 3) overAtNextCheck = true;
      }
      return postMessage.call(this, message, transferList);
    });
    vi.spyOn(process.memoryUsage, 'rss').mockImplementation(() => {
      if (!overAtNextCheck) return rss();
      overAtNextCheck = false;
      return over;
    });
    const outcomes: FileOutcome[] = [];
    await runBatch(inputs, { jobs: 3, format: 'cells', read: {}, maxMemoryMb: 900, onFile: (o) => void outcomes.push(o) });
    expect(readsPosted).toBe(4);
    expect(outcomes.map((o) => [o.input.displayName, o.ok ? 'ok' : o.error.code])).toEqual([
      ['sample-calc.pdf', 'MEMORY_LIMIT'],
      ['synthetic-a3-mincho.pdf', 'ok'],
    ]);
  }, 60_000);
});
