import type { PageCells } from '../grid/page.js';
import type { ReadOptions } from '../options.js';
import type { WarningDraft } from '../schema.js';

/** Work for a batch worker. */
export type Job =
  /** Open the document and count its pages (to split them among workers). */
  | { kind: 'count'; id: number; data: Uint8Array; read: ReadOptions }
  /**
   * Read pages of the document: `chunk` when given, otherwise every page `read.pages` selects.
   * `debug`: write one SVG per page into `dir`, named after `name`. `countAbove`: when the document
   * has more pages than this, read none, only count them (they are then split among workers).
   */
  | { kind: 'read'; id: number; data: Uint8Array; read: ReadOptions; chunk?: number[]; debug?: { dir: string; name: string }; countAbove?: number };

/** Replies of a worker: one `page` message per page read (so no worker holds a whole document), then `done`. */
export type Reply =
  | { id: -1; type: 'ready' }
  | { id: number; type: 'page'; cells: PageCells; glyphCount: number; /** Pages this job reads in all. */ total: number }
  /** `pages`: how many were read (none by a count). */
  | { id: number; type: 'done'; pageCount: number; pages: number; warnings: WarningDraft[] }
  | { id: number; type: 'error'; error: { code: string; message: string; exitCode: number } };

/** What runs jobs: the worker pool, or this thread. */
export interface JobRunner {
  /** Whether a job given now would start at once. */
  hasRoom(): boolean;
  /** Starts a job; false when there is no room. */
  run(job: Job): boolean;
  /** The jobs running now. */
  running(): Job[];
  /** Stops the running jobs that match. */
  cancel(match: (job: Job) => boolean): void;
  /** Gives back what idle runners hold. */
  retireIdle(): void;
  close(): Promise<void>;
}

/** What a runner tells the scheduler. */
export interface RunnerEvents {
  /** A reply of a running job (pages, done, error). */
  reply(job: Job, reply: Exclude<Reply, { type: 'ready' }>): void;
  /** A job begins where pdf.js is loaded: its own work starts now. */
  started(job: Job): void;
  /** A worker died (out of memory, a crash); its job, if any, is lost. */
  crashed(job: Job | null, err: Error): void;
  /** A job run in this thread has asked pdf.js for its first pages (their parsing has begun). */
  pagesAsked?(job: Job): void;
}
