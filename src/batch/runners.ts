import { InProcessRunner } from './in-process.js';
import { readHereUpTo, readsInParser, workerLimits } from './policy.js';
import { WorkerPool } from './pool.js';
import type { JobRunner, RunnerEvents } from './protocol.js';

/** The two places a batch runs jobs: worker threads (up to `jobs`), and this thread. */
export function createRunners(jobs: number, fileCount: number, events: RunnerEvents): { pool: JobRunner; local: JobRunner } {
  return {
    pool: new WorkerPool(new URL('./worker.js', import.meta.url), jobs, workerLimits(fileCount), events),
    local: new InProcessRunner(events, readHereUpTo(fileCount, jobs) !== undefined, readsInParser(fileCount)),
  };
}
