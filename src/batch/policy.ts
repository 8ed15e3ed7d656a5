import type { ResourceLimits } from 'node:worker_threads';
import { selectPages } from '../pages.js';
import { prefetchTokenizer, tokenizerReady } from '../values/index.js';

/** Old-generation heap of a worker thread reading one document, in MB. */
const WORKER_HEAP_MB = 256;

/** A document is split into chunks of at least this many pages when workers would otherwise idle. */
const MIN_CHUNK_PAGES = 4;

/**
 * One document (which may be very long) is read with a bounded heap: V8 then collects instead of
 * growing, and a worker reading 500 pages needs about 200 MB instead of 300; one page never comes
 * near the bound. A batch of documents keeps V8's defaults: the bound costs it a quarter of its throughput.
 */
export function workerLimits(fileCount: number): ResourceLimits {
  return fileCount === 1 ? { maxYoungGenerationSizeMb: 16, maxOldGenerationSizeMb: WORKER_HEAP_MB } : { maxYoungGenerationSizeMb: 16 };
}

/**
 * The one document of a run, up to this many pages, is read in this thread. Measured on 2 cores
 * (whole process, see README "Performance"): 23 pages here 1.85 s, split between this thread and a
 * worker 2.25 s (a worker's start and its own load of pdf.js and the fonts cost about as much as
 * 10 pages); 208 pages here 5.2 s, in 2 workers 5.8 s, in 1 worker 6.2 s. Longer documents go to
 * workers all the same: there a time or memory limit ends the thread at once, and this thread
 * keeps only the cells.
 */
const IN_PROCESS_MAX_PAGES = 100;

/**
 * Whether a document's pages are counted first, to decide how it is read: a run of one document
 * always (in this thread, which then reads it too when it is short); in a batch, when fewer
 * documents are left than half the workers (their pages are then split among them).
 */
export function countFirst(filesLeft: number, jobs: number, fileCount: number): boolean {
  return fileCount === 1 || !(filesLeft > jobs / 2 || jobs === 1);
}

/**
 * A document read in this thread is stopped at this share of --max-memory. pdf.js here can only be
 * stopped between its steps, and one step can double a stream's buffer (a decompression bomb grows
 * 512 MB → 1 GB → 2 GB): stopped at half the bound, it never reaches the next doubling. In a
 * worker, the thread is ended from outside at once.
 */
export const IN_PROCESS_MEMORY_SHARE = 0.5;

/** Below this --max-memory (MB), half of it is too little for a document: documents are read in workers. */
const IN_PROCESS_MIN_MEMORY_MB = 600;

/** Whether a document may be read in this thread under the memory bound. */
export function inProcessAllowed(maxMemoryMb: number | undefined): boolean {
  return !maxMemoryMb || maxMemoryMb >= IN_PROCESS_MIN_MEMORY_MB;
}

/** Whether the document of a run is opened in this thread: it is the only one, and the memory bound allows it. */
export function opensHere(fileCount: number, maxMemoryMb: number | undefined): boolean {
  return fileCount === 1 && inProcessAllowed(maxMemoryMb);
}

/** Which pages of a counted document are read where: chunks in page order, each in this thread or in a worker. */
export interface ReadingPlan {
  /** Pages of each chunk; undefined: every page the options select. */
  chunks: (number[] | undefined)[];
  local: boolean[];
}

export interface DocumentContext {
  fileCount: number;
  /** Documents not yet started, this one included. */
  filesLeft: number;
  pageCount: number;
  requested?: number[];
  jobs: number;
  maxMemoryMb?: number;
}

/**
 * How a counted document is read: the one document of a run, when short, in this thread;
 * otherwise split among the workers (chunkPages).
 */
export function readingPlan(c: DocumentContext): ReadingPlan {
  if (opensHere(c.fileCount, c.maxMemoryMb) && c.pageCount <= IN_PROCESS_MAX_PAGES) return { chunks: [undefined], local: [true] };
  const chunks = chunkPages(c.pageCount, c.requested, c.jobs, c.filesLeft);
  return { chunks, local: chunks.map(() => false) };
}

/** The pages of a counted document in chunks, one per worker it may take (at least MIN_CHUNK_PAGES each). */
export function chunkPages(pageCount: number, requested: number[] | undefined, jobs: number, filesLeft: number): number[][] {
  const pages = selectPages(pageCount, requested);
  const parts = Math.max(1, Math.min(Math.ceil(jobs / filesLeft), Math.floor(pages.length / MIN_CHUNK_PAGES)));
  const size = Math.ceil(pages.length / parts) || 1;
  const lists: number[][] = [];
  for (let i = 0; i < pages.length; i += size) lists.push(pages.slice(i, i + size));
  return lists.length ? lists : [[]];
}

/**
 * The value dictionary (35 MB, a third of a second to inflate) is read on libuv's threads from the
 * start of a run that writes plans, beside the reading of the first pages: nearly every
 * publication's values need it (one page: 1.04 s when read after the page, 0.8 s beside it).
 * `ready` waits for it before a document is assembled, so that it is not read a second time.
 */
export function dictionaryPreloader(format: 'json' | 'cells'): { ready(): Promise<void> } {
  if (format === 'cells') return { ready: async () => {} };
  void prefetchTokenizer();
  return { ready: tokenizerReady };
}
