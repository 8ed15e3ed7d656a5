import fs from 'node:fs';
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { PlanExtractError, toFileError, type FileError } from '../errors.js';
import { buildCellsDocument, buildDocument, pageRangeWarnings, readInput, selectPages, sha256Of, tokenizerPrefetcher } from '../extract.js';
import type { PageGrid } from '../grid/page.js';
import type { CellsDocument, PlanDocument, WarningDraft } from '../schema.js';
import type { InputFile } from './files.js';
import type { PageTask, TaskReply } from './protocol.js';

export interface BatchOptions {
  jobs: number;
  /** What each file becomes: a plan document, or its cells. */
  format: 'json' | 'cells';
  pages?: number[];
  password?: string;
  maxPages?: number;
  /** Per-file time limit in milliseconds. */
  timeoutMs?: number;
  /** Memory bound of the whole process in MB (resident set size), or undefined for none. */
  maxMemoryMb?: number;
  /** The fiscal year of every input (--year). */
  fiscalYear?: number;
  debugDir?: string;
  readStdin: () => Promise<Uint8Array>;
  /** Called once per file, in input order, as soon as it and every file before it are done. */
  onFile: (outcome: FileOutcome) => void | Promise<void>;
  onProgress?: (p: Progress) => void;
}

export interface Progress {
  filesDone: number;
  filesTotal: number;
  pagesDone: number;
  pagesKnown: number;
  /** Sizes of the files done and of all files (counted up front, stdin as 0): the ETA of a batch. */
  bytesDone: number;
  bytesTotal: number;
  elapsedMs: number;
}

export type FileOutcome =
  | { input: InputFile; ok: true; doc: PlanDocument | CellsDocument; pageCount: number; ms: number }
  | { input: InputFile; ok: false; error: FileError; ms: number };

interface Chunk {
  grids: PageGrid[];
  glyphCount: number;
  warnings: WarningDraft[];
  done: boolean;
}

interface FileState {
  input: InputFile;
  data?: Uint8Array;
  sha256?: string;
  pageCount: number;
  chunks: Chunk[];
  started: number;
  timer?: NodeJS.Timeout;
  outcome?: FileOutcome;
}

interface Job {
  task: PageTask;
  file: FileState;
  /** Index into file.chunks; -1 for a page count. */
  chunk: number;
  counted: boolean;
}

interface Slot {
  worker: Worker;
  job: Job | null;
  /** The worker has loaded pdf.js. */
  ready: boolean;
}

/** Old-generation heap of a worker thread, in MB. */
const WORKER_HEAP_MB = 256;

/** Documents up to this long have the value dictionary loaded while their pages are read. */
const PREFETCH_MAX_PAGES = 200;

/** The default of --max-memory (MB): a 500-page document with the value dictionary stays near 500 MB. */
export const DEFAULT_MAX_MEMORY_MB = 900;

/**
 * How often (ms) the process's resident memory is checked against --max-memory. pdf.js decodes a
 * compressed stream at about 100 MB/s here: between two checks memory grows by a few MB.
 */
const MEMORY_POLL_MS = 25;

/** A document is split into chunks of at least this many pages when workers would otherwise idle. */
const MIN_CHUNK_PAGES = 4;

export function defaultJobs(): number {
  return Math.max(1, typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length);
}

/**
 * Runs a batch. Documents are read and hashed here one after another, as workers need work;
 * worker threads read their pages (pdf.js is loaded once per worker) and send each page's
 * cells back as it is done; the document is then assembled here, where the value parser's
 * dictionary is loaded once. When fewer documents are left than workers, a document's pages
 * are split among them. Results are handed over in input order.
 */
export async function runBatch(inputs: InputFile[], options: BatchOptions): Promise<void> {
  if (!inputs.length) return;
  const jobs = Math.max(1, options.jobs);
  const workerUrl = new URL('./worker.js', import.meta.url);
  const slots: Slot[] = [];
  const queue: Job[] = [];
  const files: FileState[] = inputs.map((input) => ({ input, pageCount: 0, chunks: [], started: 0 }));
  let nextToPrepare = 0;
  let nextToEmit = 0;
  let taskId = 0;
  let pagesDone = 0;
  let pagesKnown = 0;
  const prefetch = tokenizerPrefetcher();
  const t0 = Date.now();
  let finish!: () => void;
  let fail!: (err: unknown) => void;
  const finished = new Promise<void>((res, rej) => {
    finish = res;
    fail = rej;
  });
  const watch = options.maxMemoryMb ? setInterval(() => checkMemory(), MEMORY_POLL_MS) : undefined;
  watch?.unref();
  let memoryThreshold = (options.maxMemoryMb ?? 0) * 1024 * 1024;
  const sizes = files.map((f) => (f.input.path === '-' ? 0 : (fs.statSync(f.input.path, { throwIfNoEntry: false })?.size ?? 0)));
  const bytesTotal = sizes.reduce((a, b) => a + b, 0);
  let bytesDone = 0;
  const progress = () => options.onProgress?.({ filesDone: nextToEmit, filesTotal: files.length, pagesDone, pagesKnown, bytesDone, bytesTotal, elapsedMs: Date.now() - t0 });

  /** Gives the slot a new worker; messages of a replaced worker are ignored. */
  const attach = (slot: Slot): Slot => {
    // One document (which may be very long) is read with a bounded heap: V8 then collects instead
    // of growing, and a worker reading 500 pages needs about 200 MB instead of 300; one page never
    // comes near the bound. A batch of documents keeps V8's defaults: the bound costs it a
    // quarter of its throughput.
    const limits = files.length === 1 ? { maxYoungGenerationSizeMb: 16, maxOldGenerationSizeMb: WORKER_HEAP_MB } : { maxYoungGenerationSizeMb: 16 };
    const worker = new Worker(workerUrl, { resourceLimits: limits });
    slot.worker = worker;
    slot.ready = false;
    worker.on('message', (reply: TaskReply) => {
      if (slot.worker === worker) onReply(slot, reply);
    });
    worker.on('error', (err) => {
      if (slot.worker === worker) onWorkerError(slot, err);
    });
    return slot;
  };

  const settle = (file: FileState, outcome: FileOutcome) => {
    if (file.outcome) return;
    file.outcome = outcome;
    clearTimeout(file.timer);
    file.data = undefined;
    file.chunks = [];
    for (let i = queue.length - 1; i >= 0; i--) if (queue[i].file === file) queue.splice(i, 1);
    // A worker still reading this file's pages would only waste time: replace it.
    for (const slot of slots) {
      if (slot.job?.file === file) {
        void slot.worker.terminate();
        attach(slot);
        slot.job = null;
      }
    }
    void emitReady().catch(fail);
  };

  let emitting = false;
  const emitReady = async () => {
    if (emitting) return;
    emitting = true;
    try {
      while (nextToEmit < files.length && files[nextToEmit].outcome) {
        await options.onFile(files[nextToEmit].outcome!);
        bytesDone += sizes[nextToEmit];
        nextToEmit++;
        progress();
      }
    } finally {
      emitting = false;
    }
    if (nextToEmit === files.length) {
      clearInterval(watch);
      await Promise.all(slots.map((s) => s.worker.terminate()));
      finish();
    } else {
      pump();
    }
  };

  const enqueueReads = (file: FileState, pageLists: (number[] | undefined)[]) => {
    file.chunks = pageLists.map(() => ({ grids: [], glyphCount: 0, warnings: [], done: false }));
    pageLists.forEach((pages, chunk) => {
      queue.push({
        file,
        chunk,
        counted: false,
        task: {
          id: ++taskId, kind: 'read', data: file.data!, pages, select: options.pages, password: options.password, maxPages: options.maxPages,
          debugDir: options.debugDir, debugName: file.input.outName.replace(/\//g, '_'),
        },
      });
    });
  };

  /** A file's time limit runs from when a ready worker starts on it: its own work, not a worker's start. */
  const startClock = (file: FileState) => {
    if (!options.timeoutMs || file.timer || file.outcome) return;
    file.timer = setTimeout(() => onTimeout(file), options.timeoutMs);
  };

  const prepare = async (file: FileState) => {
    file.started = Date.now();
    try {
      file.data = file.input.path === '-' ? await options.readStdin() : await readInput(file.input.path);
      file.sha256 = sha256Of(file.data);
    } catch (err) {
      settle(file, { input: file.input, ok: false, error: toFileError(err), ms: Date.now() - file.started });
      return;
    }
    const filesLeft = files.length - nextToPrepare + 1;
    if (filesLeft > jobs / 2 || jobs === 1) {
      enqueueReads(file, [undefined]);
    } else {
      // Few documents left for many workers: count the pages first, then split them.
      queue.push({ file, chunk: -1, counted: false, task: { id: ++taskId, kind: 'count', data: file.data, password: options.password, maxPages: options.maxPages } });
    }
  };

  const split = (file: FileState) => {
    const pages = selectPages(file.pageCount, options.pages);
    const filesLeft = files.length - nextToPrepare + 1;
    const parts = Math.max(1, Math.min(Math.ceil(jobs / filesLeft), Math.floor(pages.length / MIN_CHUNK_PAGES)));
    const size = Math.ceil(pages.length / parts) || 1;
    const lists: number[][] = [];
    for (let i = 0; i < pages.length; i += size) lists.push(pages.slice(i, i + size));
    enqueueReads(file, lists.length ? lists : [[]]);
  };

  /**
   * Decoded streams live outside the JavaScript heap, where no worker heap limit reaches: the files
   * being read when the process goes over --max-memory are stopped (their workers replaced). The
   * memory given back is not always returned to the system at once, so the bound then moves up by
   * half of itself over what is still held.
   */
  const checkMemory = () => {
    const rss = process.memoryUsage.rss();
    if (rss <= memoryThreshold) return;
    const reading = slots.filter((s) => s.job).map((s) => s.job!.file);
    if (!reading.length) return;
    const limit = options.maxMemoryMb!;
    for (const file of new Set(reading)) {
      settle(file, {
        input: file.input,
        ok: false,
        error: toFileError(new PlanExtractError('MEMORY_LIMIT', `memory limit exceeded: reading this file took more than ${limit} MB (a compressed stream that decodes to too much?), see the maxMemory option`)),
        ms: Date.now() - file.started,
      });
    }
    memoryThreshold = Infinity;
    setTimeout(() => {
      memoryThreshold = Math.max(limit * 1024 * 1024, process.memoryUsage.rss() + (limit * 1024 * 1024) / 2);
    }, 250).unref();
  };

  const onTimeout = (file: FileState) => {
    settle(file, {
      input: file.input,
      ok: false,
      error: toFileError(new PlanExtractError('TIMEOUT', `time limit exceeded (${Number((options.timeoutMs! / 1000).toFixed(3))} s, see the timeout option)`)),
      ms: Date.now() - file.started,
    });
  };

  let pumping = false;
  const pump = () => {
    if (pumping) return;
    pumping = true;
    void (async () => {
      try {
        // Prepare documents only as workers need them, to bound memory.
        while (queue.length < jobs && nextToPrepare < files.length) await prepare(files[nextToPrepare++]);
        for (const slot of slots) {
          if (!slot.job && queue.length) dispatch(slot, queue.shift()!);
        }
        while (slots.length < jobs && queue.length) {
          const slot = attach({ worker: null as unknown as Worker, job: null, ready: false });
          slots.push(slot);
          dispatch(slot, queue.shift()!);
        }
        // Nothing left to read: an idle worker gives its memory (pdf.js and its caches) back
        // before the last documents are assembled here.
        if (!queue.length && nextToPrepare === files.length) {
          for (let k = slots.length - 1; k >= 0; k--) {
            if (slots[k].job) continue;
            void slots[k].worker.terminate();
            slots.splice(k, 1);
          }
        }
      } finally {
        pumping = false;
      }
    })().catch(fail);
  };

  const dispatch = (slot: Slot, job: Job) => {
    slot.job = job;
    slot.worker.postMessage(job.task);
    if (slot.ready) startClock(job.file);
  };

  const onReply = (slot: Slot, reply: TaskReply) => {
    if (reply.type === 'ready') {
      slot.ready = true;
      if (slot.job) startClock(slot.job.file);
      return;
    }
    const job = slot.job;
    if (!job || job.task.id !== reply.id) return;
    const file = job.file;
    if (reply.type === 'page') {
      const chunk = file.chunks[job.chunk];
      if (!job.counted) {
        pagesKnown += reply.total;
        job.counted = true;
      }
      chunk.grids.push(reply.grid);
      // Loading the dictionary while pages are still being read saves its load time; a long
      // document is read first and the dictionary loaded once its workers are gone, so the
      // two never hold memory at once.
      if (options.format !== 'cells' && reply.total <= PREFETCH_MAX_PAGES) prefetch(reply.grid);
      chunk.glyphCount += reply.glyphCount;
      pagesDone++;
      progress();
      return;
    }
    slot.job = null;
    if (reply.type === 'error') {
      settle(file, { input: file.input, ok: false, error: reply.error, ms: Date.now() - file.started });
    } else if (job.chunk < 0) {
      file.pageCount = reply.pageCount;
      try {
        split(file);
      } catch (err) {
        settle(file, { input: file.input, ok: false, error: toFileError(err), ms: Date.now() - file.started });
      }
    } else {
      file.pageCount = reply.pageCount;
      file.chunks[job.chunk].done = true;
      file.chunks[job.chunk].warnings = reply.warnings;
      if (file.chunks.every((c) => c.done)) void assemble(file).catch(fail);
    }
    pump();
  };

  const onWorkerError = (slot: Slot, err: Error) => {
    const job = slot.job;
    slot.job = null;
    void slot.worker.terminate();
    attach(slot);
    if (job) settle(job.file, { input: job.file.input, ok: false, error: toFileError(err), ms: Date.now() - job.file.started });
    pump();
  };

  const assemble = async (file: FileState) => {
    if (file.outcome) return;
    const result = {
      grids: file.chunks.flatMap((c) => c.grids),
      glyphCount: file.chunks.reduce((t, c) => t + c.glyphCount, 0),
      warnings: [...pageRangeWarnings(file.pageCount, options.pages), ...file.chunks.flatMap((c) => c.warnings)],
    };
    const source = { file: file.input.displayName, sha256: file.sha256!, pageCount: file.pageCount };
    try {
      const doc = options.format === 'cells' ? buildCellsDocument(result, source) : await buildDocument(result, source, { fiscalYear: options.fiscalYear });
      settle(file, { input: file.input, ok: true, doc, pageCount: file.pageCount, ms: Date.now() - file.started });
    } catch (err) {
      settle(file, { input: file.input, ok: false, error: toFileError(err), ms: Date.now() - file.started });
    }
  };

  pump();
  await finished;
}
