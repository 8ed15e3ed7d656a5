import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { EXIT, PlanExtractError } from '../errors.js';
import { buildCellsDocument, buildDocument, openChecked, readInput, selectPages, sha256Of, type PagesResult } from '../extract.js';
import type { CellsDocument, PlanDocument } from '../schema.js';
import type { InputFile } from './files.js';
import type { PageTask, TaskReply } from './protocol.js';

export interface BatchOptions {
  jobs: number;
  format: 'json' | 'jsonl' | 'csv' | 'cells';
  pages?: number[];
  password?: string;
  maxPages?: number;
  /** Per-file time limit in milliseconds. */
  timeoutMs?: number;
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
  elapsedMs: number;
}

export type FileOutcome =
  | { input: InputFile; ok: true; doc: PlanDocument | CellsDocument; pageCount: number; ms: number }
  | { input: InputFile; ok: false; error: { code: string; message: string; exitCode: number }; ms: number };

interface FileState {
  input: InputFile;
  data?: Uint8Array;
  sha256?: string;
  pageCount: number;
  chunks: PagesResult[];
  pending: number;
  started: number;
  timer?: NodeJS.Timeout;
  outcome?: FileOutcome;
}

interface Slot {
  worker: Worker;
  busy: { task: PageTask; file: FileState; chunk: number } | null;
}

/** Pages of one document are split into chunks of at least this many pages when workers would otherwise idle. */
const MIN_CHUNK_PAGES = 4;

export function defaultJobs(): number {
  return Math.max(1, typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length);
}

/**
 * Runs a batch: documents are prepared one after another in this thread (read, hashed, page count),
 * their pages read by a pool of worker threads (a document split across workers when there are
 * fewer documents left than workers), then assembled here in input order.
 */
export async function runBatch(inputs: InputFile[], options: BatchOptions): Promise<void> {
  const jobs = Math.max(1, options.jobs);
  const workerUrl = new URL('./worker.js', import.meta.url);
  const slots: Slot[] = [];
  const queue: { task: PageTask; file: FileState; chunk: number }[] = [];
  const files: FileState[] = inputs.map((input) => ({ input, pageCount: 0, chunks: [], pending: 0, started: 0 }));
  let nextToPrepare = 0;
  let nextToEmit = 0;
  let taskId = 0;
  let pagesDone = 0;
  let pagesKnown = 0;
  const t0 = Date.now();
  let finish!: () => void;
  let fail!: (err: unknown) => void;
  const done = new Promise<void>((res, rej) => {
    finish = res;
    fail = rej;
  });

  const progress = () => options.onProgress?.({ filesDone: nextToEmit, filesTotal: files.length, pagesDone, pagesKnown, elapsedMs: Date.now() - t0 });

  /** Gives the slot a new worker (pdf.js is loaded by each worker on its first task). */
  const attach = (slot: Slot): Slot => {
    const worker = new Worker(workerUrl);
    slot.worker = worker;
    worker.on('message', (reply: TaskReply) => {
      if (slot.worker === worker) onReply(slot, reply);
    });
    worker.on('error', (err) => {
      if (slot.worker === worker) onWorkerError(slot, err);
    });
    return slot;
  };
  const spawn = (): Slot => attach({ worker: null as unknown as Worker, busy: null });

  const settle = (file: FileState, outcome: FileOutcome) => {
    if (file.outcome) return;
    file.outcome = outcome;
    clearTimeout(file.timer);
    file.data = undefined;
    file.chunks = [];
    // Drop its queued chunks; chunks already running finish and are ignored.
    for (let i = queue.length - 1; i >= 0; i--) if (queue[i].file === file) queue.splice(i, 1);
    void emitReady().catch(fail);
  };

  let emitting = false;
  const emitReady = async () => {
    if (emitting) return;
    emitting = true;
    try {
      while (nextToEmit < files.length && files[nextToEmit].outcome) {
        await options.onFile(files[nextToEmit].outcome!);
        nextToEmit++;
        progress();
      }
    } finally {
      emitting = false;
    }
    if (nextToEmit === files.length) {
      await Promise.all(slots.map((s) => s.worker.terminate()));
      finish();
    } else {
      await pump();
    }
  };

  const errorOf = (err: unknown) =>
    err instanceof PlanExtractError
      ? { code: err.code, message: err.message, exitCode: err.exitCode }
      : { code: 'INTERNAL', message: `internal error: ${(err as Error)?.message ?? String(err)}`, exitCode: EXIT.internal };

  const prepare = async (file: FileState) => {
    file.started = Date.now();
    try {
      const data = file.input.path === '-' ? await options.readStdin() : await readInput(file.input.path);
      const doc = await openChecked(data, { password: options.password, maxPages: options.maxPages });
      file.pageCount = doc.numPages;
      await doc.destroy();
      file.data = data;
      file.sha256 = sha256Of(data);
      const pages = selectPages(file.pageCount, options.pages);
      pagesKnown += pages.length;
      const filesLeft = files.length - nextToPrepare;
      const parts = filesLeft >= jobs ? 1 : Math.max(1, Math.min(Math.ceil(jobs / filesLeft), Math.floor(pages.length / MIN_CHUNK_PAGES)));
      const size = Math.ceil(pages.length / parts) || 1;
      const chunks: number[][] = [];
      for (let i = 0; i < pages.length; i += size) chunks.push(pages.slice(i, i + size));
      if (!chunks.length) chunks.push([]);
      file.chunks = new Array(chunks.length);
      file.pending = chunks.length;
      chunks.forEach((pagesOfChunk, chunk) => {
        queue.push({
          file,
          chunk,
          task: { id: ++taskId, data, pages: pagesOfChunk, password: options.password, debugDir: options.debugDir, debugName: file.input.outName.replace(/\//g, '_') },
        });
      });
      if (options.timeoutMs) {
        file.timer = setTimeout(() => onTimeout(file), options.timeoutMs);
      }
    } catch (err) {
      settle(file, { input: file.input, ok: false, error: errorOf(err), ms: Date.now() - file.started });
    }
  };

  const onTimeout = (file: FileState) => {
    if (file.outcome) return;
    // A page that takes this long may never end: stop the workers reading this file and start new ones.
    for (const slot of slots) {
      if (slot.busy?.file === file) {
        void slot.worker.terminate();
        attach(slot);
        slot.busy = null;
      }
    }
    settle(file, {
      input: file.input,
      ok: false,
      error: { code: 'TIMEOUT', message: `time limit exceeded (${Math.round(options.timeoutMs! / 1000)} s, see --timeout)`, exitCode: EXIT.unreadable },
      ms: Date.now() - file.started,
    });
  };

  let pumping = false;
  const pump = async () => {
    if (pumping) return;
    pumping = true;
    try {
      // Keep the queue one task ahead of the workers; prepare documents lazily to bound memory.
      while (queue.length < jobs && nextToPrepare < files.length) {
        const file = files[nextToPrepare++];
        await prepare(file);
      }
      for (const slot of slots) {
        if (slot.busy || !queue.length) continue;
        const next = queue.shift()!;
        slot.busy = next;
        slot.worker.postMessage(next.task);
      }
      while (slots.length < jobs && queue.length) {
        const slot = spawn();
        slots.push(slot);
        const next = queue.shift()!;
        slot.busy = next;
        slot.worker.postMessage(next.task);
      }
    } finally {
      pumping = false;
    }
  };

  const onReply = (slot: Slot, reply: TaskReply) => {
    const busy = slot.busy;
    slot.busy = null;
    if (busy && busy.task.id === reply.id) void chunkDone(busy.file, busy.chunk, busy.task.pages.length, reply).catch(fail);
    void pump().catch(fail);
  };

  const onWorkerError = (slot: Slot, err: Error) => {
    const busy = slot.busy;
    slot.busy = null;
    void slot.worker.terminate();
    attach(slot);
    if (busy) settle(busy.file, { input: busy.file.input, ok: false, error: errorOf(err), ms: Date.now() - busy.file.started });
    void pump().catch(fail);
  };

  const chunkDone = async (file: FileState, chunk: number, pageCount: number, reply: TaskReply) => {
    if (file.outcome) return;
    if (!reply.ok) {
      settle(file, { input: file.input, ok: false, error: reply.error, ms: Date.now() - file.started });
      return;
    }
    pagesDone += pageCount;
    progress();
    file.chunks[chunk] = reply.result;
    if (--file.pending > 0) return;
    const result: PagesResult = {
      grids: file.chunks.flatMap((c) => c.grids),
      glyphCount: file.chunks.reduce((t, c) => t + c.glyphCount, 0),
    };
    const source = { file: file.input.displayName, sha256: file.sha256!, pageCount: file.pageCount };
    try {
      const doc = options.format === 'cells' ? buildCellsDocument(result, source) : await buildDocument(result, source);
      settle(file, { input: file.input, ok: true, doc, pageCount: file.pageCount, ms: Date.now() - file.started });
    } catch (err) {
      settle(file, { input: file.input, ok: false, error: errorOf(err), ms: Date.now() - file.started });
    }
  };

  if (!files.length) return;
  await pump();
  await done;
}
