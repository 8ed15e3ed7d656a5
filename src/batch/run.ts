import os from 'node:os';
import { PlanExtractError, type FileError } from '../errors.js';
import { failure, inputSizes, loadInput, type FileOutcome, type InputFile } from './files.js';
import type { ReadChunk } from './outcome.js';
import { chunkPages, countFirst, dictionaryPreloader, readHereUpTo } from './policy.js';
import type { Job, JobRunner, Reply, RunnerEvents } from './protocol.js';
import { createRunners } from './runners.js';

export type { FileOutcome } from './files.js';

export interface BatchOptions {
  jobs: number;
  /** What each file becomes: a plan document, or its cells. */
  format: 'json' | 'cells';
  /** How to read every file; its pages sorted, each once (as the command line's parsePageSpec gives them). */
  read: Job['read'];
  /** Per-file time limit in milliseconds. */
  timeoutMs?: number;
  /** Memory bound of the whole process in MB (resident set size), or undefined for none. */
  maxMemoryMb?: number;
  debugDir?: string;
  /** Reads the "-" input (default: standard input). */
  readStdin?: () => Promise<Uint8Array>;
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

interface FileState {
  input: InputFile;
  data?: Uint8Array;
  sha256?: string;
  pageCount: number;
  chunks: ReadChunk[];
  started: number;
  timer?: NodeJS.Timeout;
  outcome?: FileOutcome;
}

/** What the scheduler knows of a job it gave the pool. */
interface JobInfo {
  file: FileState;
  /** Index into file.chunks of a read job. */
  chunk: number;
  /** Its page total was added to the progress. */
  counted: boolean;
  /** It runs in this thread, not in a worker. */
  local: boolean;
}

/** The default of --max-memory (MB): a 500-page document with the value dictionary stays near 500 MB. */
export const DEFAULT_MAX_MEMORY_MB = 900;

/**
 * How often (ms) the process's resident memory is checked against --max-memory. pdf.js decodes a
 * compressed stream at about 100 MB/s here: between two checks memory grows by a few MB.
 */
const MEMORY_POLL_MS = 25;

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
  await new Batch(inputs, options).run();
}

/** The scheduling of one batch: which document is read next, by how many workers, and handing results over in order. */
class Batch {
  private readonly jobs: number;
  private readonly files: FileState[];
  private readonly pool: JobRunner;
  private readonly local: JobRunner;
  private readonly queue: Job[] = [];
  private readonly info = new Map<number, JobInfo>();
  /**
   * Files read, to be assembled once the next document read in this thread has asked for its first
   * pages: assembled at once, they held this thread before it asked, the parser thread waiting (a
   * batch of 20 with --jobs 2, paired: 0.93x). See assembleWhenAsked.
   */
  private readonly toAssemble: FileState[] = [];
  /** A document started in this thread has not yet asked for its first pages. */
  private localStarting = false;
  /**
   * Files that were being read with others when the process went over --max-memory: read again one
   * at a time, nothing else read meanwhile, so that only the file that takes the memory fails.
   */
  private readonly readAgainAlone: FileState[] = [];
  private aloneFile: FileState | null = null;
  private readonly sizes: number[];
  private readonly bytesTotal: number;
  private readonly dictionary: { ready(): Promise<void> };
  private readonly t0 = Date.now();
  private nextToPrepare = 0;
  private nextToEmit = 0;
  private lastJobId = 0;
  private pagesDone = 0;
  private pagesKnown = 0;
  private bytesDone = 0;
  private memoryThreshold: number;
  private assembly?: Promise<typeof import('./outcome.js')>;
  private watch?: NodeJS.Timeout;
  private pumping = false;
  private emitting = false;
  private finish!: () => void;
  private fail!: (err: unknown) => void;

  constructor(inputs: InputFile[], private readonly options: BatchOptions) {
    this.jobs = Math.max(1, options.jobs);
    this.files = inputs.map((input) => ({ input, pageCount: 0, chunks: [], started: 0 }));
    this.sizes = inputSizes(inputs);
    this.bytesTotal = this.sizes.reduce((a, b) => a + b, 0);
    this.memoryThreshold = (options.maxMemoryMb ?? 0) * 1024 * 1024;
    this.dictionary = dictionaryPreloader(options.format);
    const events: RunnerEvents = {
      reply: (job, reply) => this.onReply(job, reply),
      started: (job) => {
        const file = this.info.get(job.id)?.file;
        if (file) this.startClock(file);
        this.loadAssembly();
      },
      crashed: (job, err) => {
        const file = job && this.info.get(job.id)?.file;
        if (file) this.settle(file, failure(file.input, err, file.started));
        this.pump();
      },
      pagesAsked: () => {
        this.localStarting = false;
        this.assembleWhenAsked();
      },
    };
    ({ pool: this.pool, local: this.local } = createRunners(this.jobs, inputs.length, events));
  }

  private runnerOf(job: Job): JobRunner {
    return this.info.get(job.id)?.local ? this.local : this.pool;
  }

  run(): Promise<void> {
    const finished = new Promise<void>((resolve, reject) => {
      this.finish = resolve;
      this.fail = reject;
    });
    if (this.options.maxMemoryMb) {
      this.watch = setInterval(() => this.checkMemory(), MEMORY_POLL_MS);
      this.watch.unref();
    }
    this.pump();
    return finished;
  }

  private progress(): void {
    const { nextToEmit, pagesDone, pagesKnown, bytesDone, bytesTotal } = this;
    this.options.onProgress?.({ filesDone: nextToEmit, filesTotal: this.files.length, pagesDone, pagesKnown, bytesDone, bytesTotal, elapsedMs: Date.now() - this.t0 });
  }

  /** Hands over the files done, in input order; ends the batch after the last. */
  private async emitReady(): Promise<void> {
    if (this.emitting) return;
    this.emitting = true;
    try {
      while (this.nextToEmit < this.files.length && this.files[this.nextToEmit].outcome) {
        await this.options.onFile(this.files[this.nextToEmit].outcome!);
        this.bytesDone += this.sizes[this.nextToEmit];
        this.nextToEmit++;
        this.progress();
      }
    } finally {
      this.emitting = false;
    }
    if (this.nextToEmit < this.files.length) return this.pump();
    clearInterval(this.watch);
    await Promise.all([this.pool.close(), this.local.close()]);
    this.finish();
  }

  /** A file is done (read, failed, out of time or memory): its jobs are dropped and its workers replaced. */
  private settle(file: FileState, outcome: FileOutcome): void {
    if (file.outcome) return;
    file.outcome = outcome;
    file.data = undefined;
    this.stopReading(file);
    if (file === this.aloneFile) this.aloneFile = null;
    void this.emitReady().catch(this.fail);
    // A document stopped before it asked for its pages no longer holds back the files read.
    this.assembleWhenAsked();
  }

  /** Drops a file's jobs, queued or running, and what was read of it. */
  private stopReading(file: FileState): void {
    clearTimeout(file.timer);
    file.timer = undefined;
    file.chunks = [];
    const ofFile = (job: Job) => this.info.get(job.id)?.file === file;
    for (let i = this.queue.length - 1; i >= 0; i--) if (ofFile(this.queue[i])) this.queue.splice(i, 1);
    // A worker still reading this file's pages would only waste time.
    this.pool.cancel(ofFile);
    this.local.cancel(ofFile);
    for (const [id, info] of this.info) if (info.file === file) this.info.delete(id);
  }

  private settleError(file: FileState, error: FileError): void {
    this.settle(file, { input: file.input, ok: false, error, ms: Date.now() - file.started });
  }

  private enqueue(file: FileState, job: Job, chunk: number, local = false): void {
    this.info.set(job.id, { file, chunk, counted: false, local });
    this.queue.push(job);
  }

  /** Read jobs for a file: its chunks in workers, or (`countAbove` given) the whole of it here. */
  private enqueueReads(file: FileState, chunks: (number[] | undefined)[], countAbove?: number): void {
    file.chunks = chunks.map(() => ({ pages: [], glyphCount: 0, warnings: [], done: false }));
    const debug = this.options.debugDir ? { dir: this.options.debugDir, name: file.input.outName.replace(/\//g, '_') } : undefined;
    chunks.forEach((chunk, k) => {
      this.enqueue(file, { kind: 'read', id: ++this.lastJobId, data: file.data!, read: this.options.read, chunk, debug, countAbove }, k, countAbove !== undefined);
    });
  }

  /** A file's time limit runs from when a ready worker starts on it: its own work, not a worker's start. */
  private startClock(file: FileState): void {
    const { timeoutMs } = this.options;
    if (!timeoutMs || file.timer || file.outcome) return;
    file.timer = setTimeout(() => {
      const error = new PlanExtractError('TIMEOUT', `time limit exceeded (${Number((timeoutMs / 1000).toFixed(3))} s, see the timeout option)`);
      this.settle(file, failure(file.input, error, file.started));
    }, timeoutMs);
  }

  private async prepare(file: FileState): Promise<void> {
    file.started = Date.now();
    try {
      Object.assign(file, await loadInput(file.input, this.options.readStdin));
    } catch (err) {
      this.settle(file, failure(file.input, err, file.started));
      return;
    }
    const filesLeft = this.files.length - this.nextToPrepare + 1;
    const hereUpTo = readHereUpTo(this.files.length, this.jobs);
    // One document: read here, unless it is long for the threads it may keep busy (then only counted here, and split among workers).
    if (hereUpTo !== undefined) this.enqueueReads(file, [undefined], hereUpTo);
    else if (!countFirst(filesLeft, this.jobs, this.files.length)) this.enqueueReads(file, [undefined]);
    // Few documents left for many workers: count the pages first, then split them among workers.
    else this.enqueue(file, { kind: 'count', id: ++this.lastJobId, data: file.data!, read: this.options.read }, -1);
  }

  /**
   * Decoded streams live outside the JavaScript heap, where no worker heap limit reaches: when the
   * process goes over --max-memory, the file being read is stopped (its workers replaced) and fails.
   * Several files being read then are all stopped and read again one at a time (readAgainAlone):
   * which of them took the memory is not known, and only that one is to fail. The memory given back
   * is not always returned to the system at once, so the bound then moves up by half of itself over
   * what is still held; files read again alone too (measured: after a decompression bomb and a
   * 500-page document were stopped, the process still held 800 MB seconds later, and the document,
   * read again under the bound itself, went over it).
   */
  private checkMemory(): void {
    if (process.memoryUsage.rss() <= this.memoryThreshold) return;
    const reading = new Set([...this.pool.running(), ...this.local.running()].map((job) => this.info.get(job.id)!.file));
    if (!reading.size) return;
    const limit = this.options.maxMemoryMb!;
    if (reading.size === 1) {
      const [file] = reading;
      const error = new PlanExtractError('MEMORY_LIMIT', `memory limit exceeded: reading this file took more than ${limit} MB (a compressed stream that decodes to too much?), see the maxMemory option`);
      this.settle(file, failure(file.input, error, file.started));
    } else {
      for (const file of reading) {
        this.stopReading(file);
        this.readAgainAlone.push(file);
      }
    }
    this.memoryThreshold = Infinity;
    const bound = limit * 1024 * 1024;
    const timer = setTimeout(() => {
      this.memoryThreshold = Math.max(bound, process.memoryUsage.rss() + bound / 2);
      if (this.readAgainAlone.length) this.pump();
    }, 250);
    // Files waiting to be read again keep the process alive; otherwise the timer does not.
    if (!this.readAgainAlone.length) timer.unref();
  }

  /**
   * A file to read again alone starts once nothing else is being read (see readAgainAlone), and
   * once the memory bound is set again after the stop (not while the file's own reading grows).
   */
  private startAloneFile(): void {
    if (this.aloneFile || !this.readAgainAlone.length || this.memoryThreshold === Infinity) return;
    if (this.pool.running().length || this.local.running().length) return;
    this.aloneFile = this.readAgainAlone.shift()!;
    this.enqueueReads(this.aloneFile, [undefined]);
  }

  /** While files are to be read again alone, only the one being read alone may start. */
  private mayStart(job: Job): boolean {
    return this.aloneFile ? this.info.get(job.id)?.file === this.aloneFile : !this.readAgainAlone.length;
  }

  /** Gives the pool work: documents are prepared only as workers need them, to bound memory. */
  private pump(): void {
    if (this.pumping) return;
    this.pumping = true;
    void (async () => {
      try {
        // A runner a job has just left starts the next prepared document before more are prepared.
        this.startQueued();
        while (this.queue.length < this.jobs && this.nextToPrepare < this.files.length) await this.prepare(this.files[this.nextToPrepare++]);
        this.startAloneFile();
        this.startQueued();
        // Nothing left to read: an idle worker gives its memory back before the last documents are assembled here.
        if (!this.queue.length && this.nextToPrepare === this.files.length) {
          this.pool.retireIdle();
          this.local.retireIdle();
        }
      } finally {
        this.pumping = false;
      }
    })().catch(this.fail);
  }

  private startQueued(): void {
    for (let i = 0; i < this.queue.length; ) {
      const runner = this.runnerOf(this.queue[i]);
      if (!runner.hasRoom() || !this.mayStart(this.queue[i])) {
        i++;
        continue;
      }
      if (runner === this.local) this.localStarting = true;
      runner.run(this.queue.splice(i, 1)[0]);
    }
  }

  /** Assembles the files read, unless a document started in this thread is about to ask for its first pages. */
  private assembleWhenAsked(): void {
    if (this.localStarting && this.local.running().length) return;
    for (const file of this.toAssemble.splice(0)) void this.assemble(file).catch(this.fail);
  }

  private onReply(job: Job, reply: Exclude<Reply, { type: 'ready' }>): void {
    const info = this.info.get(job.id);
    if (!info) return;
    const file = info.file;
    if (reply.type === 'page') return this.onPage(info, reply);
    this.info.delete(job.id);
    if (reply.type === 'error') this.settleError(file, reply.error);
    else if (job.kind === 'count' || reply.pageCount > (job.countAbove ?? Infinity)) this.split(file, reply.pageCount);
    else {
      file.pageCount = reply.pageCount;
      file.chunks[info.chunk].done = true;
      file.chunks[info.chunk].warnings = reply.warnings;
      if (file.chunks.every((c) => c.done)) this.toAssemble.push(file);
    }
    this.pump();
    this.assembleWhenAsked();
  }

  private onPage(info: JobInfo, reply: Extract<Reply, { type: 'page' }>): void {
    const chunk = info.file.chunks[info.chunk];
    if (!info.counted) {
      this.pagesKnown += reply.total;
      info.counted = true;
    }
    chunk.pages.push(reply.cells);
    chunk.glyphCount += reply.glyphCount;
    this.pagesDone++;
    this.progress();
  }

  private split(file: FileState, pageCount: number): void {
    file.pageCount = pageCount;
    try {
      const { jobs, options } = this;
      this.enqueueReads(file, chunkPages(pageCount, options.read.pages, jobs, this.files.length - this.nextToPrepare + 1));
      // The parser thread of this thread, if it counted the pages, is not needed any more.
      this.local.retireIdle();
    } catch (err) {
      this.settle(file, failure(file.input, err, file.started));
    }
  }

  /**
   * The assembling stage (tables, records, values, the schemas: a third of the program's loading)
   * is loaded, and the value dictionary being read in the background assembled (a tenth of a
   * second), once a document has been handed to pdf.js: while pdf.js parses its first page.
   */
  private loadAssembly(): Promise<typeof import('./outcome.js')> {
    this.assembly ??= new Promise<void>((resolve) => setImmediate(resolve)).then(async () => {
      const stage = await import('./outcome.js');
      await this.dictionary.ready();
      return stage;
    });
    return this.assembly;
  }

  private async assemble(file: FileState): Promise<void> {
    const { assembleOutcome } = await this.loadAssembly();
    if (file.outcome) return;
    const source = { file: file.input.displayName, sha256: file.sha256!, pageCount: file.pageCount };
    const read = this.options.read;
    this.settle(file, assembleOutcome(file.input, file.chunks, source, { format: this.options.format, requestedPages: read.pages, fiscalYear: read.fiscalYear, started: file.started }));
  }
}
