import type { ResourceLimits } from 'node:worker_threads';
import { selectPages } from '../pages.js';
import { prefetchTokenizer, tokenizerReady } from '../values/index.js';

/** Old-generation heap of a worker thread reading one document, in MB. */
const WORKER_HEAP_MB = 256;

/** A document is split into chunks of at least this many pages when workers would otherwise idle. */
const MIN_CHUNK_PAGES = 4;

/**
 * Young generation of a batch worker, in MB: a page's operator list and what is read from it die
 * young. Measured on a batch of 20 publications (paired runs): 32 MB against 16 took 0.94x the time
 * with --jobs 1 and --jobs 2 and half a second less CPU, for 10–20 MB more at peak; 64 MB, no faster.
 */
const BATCH_YOUNG_MB = 32;

/**
 * One document (which may be very long) is read with a bounded heap: V8 then collects instead of
 * growing, and a worker reading 500 pages needs about 200 MB instead of 300; one page never comes
 * near the bound. A batch of documents leaves the old generation unbounded: the bound costs it a
 * quarter of its throughput.
 */
export function workerLimits(fileCount: number): ResourceLimits {
  return fileCount === 1 ? { maxYoungGenerationSizeMb: 16, maxOldGenerationSizeMb: WORKER_HEAP_MB } : { maxYoungGenerationSizeMb: BATCH_YOUNG_MB };
}

/**
 * The one document of a run is read by this thread, with pdf.js parsing in a thread of its own
 * (ParserThread: while pdf.js parses a page, this thread reads the one before), when --jobs allows
 * two threads. Measured on 2 cores (whole process, -f cells): 23 pages 1.6 s, in one worker 2.0 s;
 * 208 pages 3.5 s (190 MB), in 2 workers 5.5 s (260 MB). With more threads to keep busy, a longer
 * document than this is split among workers instead, each parsing and reading its own pages (this
 * thread, reading every page, would be the bottleneck).
 */
const READ_HERE_MAX_PAGES = 100;

/**
 * Whether a document's pages are counted first, to split them among workers: a run of one
 * document read by workers, or a batch with fewer documents left than half the workers.
 */
export function countFirst(filesLeft: number, jobs: number, fileCount: number): boolean {
  return jobs > 1 && (fileCount === 1 || filesLeft <= jobs / 2);
}

/**
 * How many pages a document may have to be read by this thread with a parser thread; when it has
 * more, it is only counted here, then split among workers. Undefined: read in workers. --jobs 2
 * is two threads at work: this one and the parser thread, for one document or a batch (each
 * document in turn: see readsInParser); --jobs 1 is one thread at work, a worker; with more, a
 * batch is read by workers, and so is a document longer than READ_HERE_MAX_PAGES. A batch of 20
 * with --jobs 2 read here took 0.95–0.97x the time of two workers, with 15% less CPU and 110 MB
 * less at peak (each worker loads pdf.js and compiles its code anew).
 */
export function readHereUpTo(fileCount: number, jobs: number): number | undefined {
  if (jobs === 2) return Infinity;
  return fileCount === 1 && jobs > 2 ? READ_HERE_MAX_PAGES : undefined;
}

/**
 * Whether documents read here are read in the parser thread too (see pdf/document.ts
 * READ_IN_PARSER_ABOVE), whatever their length: in a batch, where this thread assembles a document
 * while the next is read. A batch of 20 (about 12 pages each) with --jobs 2: 0.91x the time with
 * their pages read in this thread. A lone short document is read here (nothing to assemble
 * meanwhile: the parser thread would have the most of the work).
 */
export function readsInParser(fileCount: number): boolean | undefined {
  return fileCount > 1 ? true : undefined;
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
