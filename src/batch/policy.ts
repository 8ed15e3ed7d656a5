import type { ResourceLimits } from 'node:worker_threads';
import type { PageCells } from '../grid/page.js';
import { selectPages } from '../pages.js';
import { hasValueColumns } from '../tables/assemble.js';
import { preloadTokenizer } from '../values/index.js';

/** Old-generation heap of a worker thread reading one document, in MB. */
const WORKER_HEAP_MB = 256;

/** Documents up to this long have the value dictionary loaded while their pages are read. */
const PRELOAD_MAX_PAGES = 200;

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

/** Whether a document's pages are counted first, to be split among workers: only when fewer documents are left than half the workers. */
export function countFirst(filesLeft: number, jobs: number): boolean {
  return !(filesLeft > jobs / 2 || jobs === 1);
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
 * A per-page check that loads the value dictionary once a page shows a plan table with target or
 * result columns (their values will need it), while the workers read on. A long document is read
 * first and the dictionary loaded after its workers are gone, so that the two never hold memory at once.
 */
export function dictionaryPreloader(): (cells: PageCells, pagesOfJob: number) => void {
  let done = false;
  return (cells, pagesOfJob) => {
    if (done || pagesOfJob > PRELOAD_MAX_PAGES || !hasValueColumns(cells)) return;
    done = true;
    preloadTokenizer();
  };
}
