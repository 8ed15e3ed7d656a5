import { dropSpareParser, takeParser, type ParserThread } from '../pdf/parser-thread.js';
import type { Job, JobRunner, RunnerEvents } from './protocol.js';
import { runJob } from './read-task.js';

/**
 * Runs jobs in this thread, one at a time, with pdf.js parsing in a thread of its own (see
 * ParserThread): for the documents policy.readHereUpTo gives this thread. A cancelled job's parser
 * thread is ended at once and its later replies are dropped.
 */
export class InProcessRunner implements JobRunner {
  private current: { job: Job; abort: AbortController } | null = null;
  private parser: ParserThread | null = null;

  /**
   * `used`: whether this run reads here; if not, a spare parser thread the command line started is
   * ended. `readInParser`: whether the parser thread reads the pages too (policy.readsInParser;
   * undefined: by the document's length).
   */
  constructor(
    private readonly events: RunnerEvents,
    used: boolean,
    private readonly readInParser?: boolean,
  ) {
    if (!used) dropSpareParser();
  }

  hasRoom(): boolean {
    return this.current === null;
  }

  run(job: Job): boolean {
    if (this.current) return false;
    const current = { job, abort: new AbortController() };
    this.current = current;
    if (!this.parser?.running) this.parser = takeParser();
    this.events.started(job);
    void runJob(job, (reply) => {
      if (this.current !== current || reply.type === 'ready') return;
      if (reply.type !== 'page') this.current = null;
      this.events.reply(job, reply);
    }, {
      parser: this.parser,
      signal: current.abort.signal,
      readInParser: this.readInParser,
      onPagesAsked: () => {
        if (this.current === current) this.events.pagesAsked?.(job);
      },
    });
    return true;
  }

  running(): Job[] {
    return this.current ? [this.current.job] : [];
  }

  cancel(match: (job: Job) => boolean): void {
    if (!this.current || !match(this.current.job)) return;
    this.current.abort.abort();
    this.current = null;
    void this.parser?.stop();
  }

  /** Ends the parser thread when no job needs it: its memory is given back. */
  retireIdle(): void {
    if (!this.current) void this.parser?.stop();
  }

  async close(): Promise<void> {
    dropSpareParser();
    await this.parser?.stop();
  }
}
