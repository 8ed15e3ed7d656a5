import type { Job, JobRunner, RunnerEvents } from './protocol.js';
import { runJob } from './read-task.js';

/**
 * Runs jobs in this thread, one at a time: for a document too short for worker threads to pay
 * (a worker's start and its own load of pdf.js cost more than its pages save). A cancelled job's
 * document is destroyed and its later replies are dropped; a page pdf.js is parsing runs on in the
 * background, which is why the command line exits once its output is written.
 */
export class InProcessRunner implements JobRunner {
  private current: { job: Job; abort: AbortController } | null = null;

  constructor(private readonly events: RunnerEvents) {}

  hasRoom(): boolean {
    return this.current === null;
  }

  run(job: Job): boolean {
    if (this.current) return false;
    const current = { job, abort: new AbortController() };
    this.current = current;
    this.events.started(job);
    void runJob(job, (reply) => {
      if (this.current !== current || reply.type === 'ready') return;
      if (reply.type !== 'page') this.current = null;
      this.events.reply(job, reply);
    }, current.abort.signal);
    return true;
  }

  running(): Job[] {
    return this.current ? [this.current.job] : [];
  }

  cancel(match: (job: Job) => boolean): void {
    if (!this.current || !match(this.current.job)) return;
    this.current.abort.abort();
    this.current = null;
  }

  retireIdle(): void {}

  async close(): Promise<void> {}
}
