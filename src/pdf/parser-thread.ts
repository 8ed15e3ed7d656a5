import { MessageChannel, Worker, type MessagePort, type ResourceLimits } from 'node:worker_threads';

/**
 * The heap bound of a parser thread (MB): V8 then collects instead of growing (a 500-page document
 * read with -f cells: 238 MB peak instead of 308 MB with 256 here, in the same time); pdf.js's
 * objects for one page are a few MB. The document's decoded streams live outside the heap, where
 * the batch's --max-memory watch reaches them. The young generation keeps V8's size: bounded to
 * 16 MB, a 23-page publication took about 5% longer.
 */
const PARSER_LIMITS: ResourceLimits = { maxOldGenerationSizeMb: 128 };

/**
 * A thread of its own for pdf.js's parsing: pdf.js is built as two halves talking over a message
 * port, the "worker" that parses the file and builds each page's operator list, and the display
 * half that asks for them. In Node.js pdf.js runs both in one thread; here the worker half runs in
 * a thread of its own, so that while it parses a page this thread reads the page before (208
 * pages on 2 cores: 3.5 s, against 5.5 s split between two workers), and so that a time or memory
 * limit ends the parsing at once, even in the middle of a page, by ending the thread.
 */
export class ParserThread {
  /** The display half's end of the port (given to pdf.js as its worker's port). */
  readonly port: MessagePort;
  /** Rejects when the thread ends without being stopped (out of memory, a crash); never resolves. */
  readonly ended: Promise<never>;
  private readonly thread: Worker;
  private alive = true;

  constructor() {
    const { port1, port2 } = new MessageChannel();
    this.thread = new Worker(new URL('./parser-entry.js', import.meta.url), { workerData: { port: port2 }, transferList: [port2], resourceLimits: PARSER_LIMITS });
    this.port = port1;
    this.port.start();
    this.ended = new Promise<never>((_, reject) => {
      this.thread.once('error', reject);
      this.thread.once('exit', (code) => {
        this.alive = false;
        reject(new Error(`the parser thread ended (exit code ${code})`));
      });
    });
    // Nobody may be waiting on it when the thread is stopped on purpose.
    this.ended.catch(() => {});
  }

  /** The thread has not ended (nor been stopped). */
  get running(): boolean {
    return this.alive;
  }

  /** Ends the thread at once, whatever it is doing. */
  async stop(): Promise<void> {
    if (!this.alive) return;
    this.alive = false;
    this.port.close();
    await this.thread.terminate();
  }
}

/**
 * The spare parser thread, kept on the global object: the command line starts it from this module
 * as bin/ imports it, before it loads the program, whose script (bin/, program-script.ts) holds a
 * copy of this module of its own.
 */
const SPARE = Symbol.for('plan-extract.spare-parser');
const holder = globalThis as { [SPARE]?: ParserThread | null };

/**
 * Starts a parser thread before it is needed: the command line does so first thing, so that the
 * thread starts and loads pdf.js while this thread loads the rest of the program. Returns it.
 */
export function startSpareParser(): ParserThread {
  return (holder[SPARE] ??= new ParserThread());
}

/** A parser thread for a document: the spare one when it was started, otherwise a new one. */
export function takeParser(): ParserThread {
  const spare = holder[SPARE];
  holder[SPARE] = null;
  return spare?.running ? spare : new ParserThread();
}

/** Ends the spare parser thread when nothing will take it. */
export function dropSpareParser(): void {
  void holder[SPARE]?.stop();
  holder[SPARE] = null;
}
