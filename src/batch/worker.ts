import { parentPort } from 'node:worker_threads';
import { loadPdfJsHere } from '../pdf/document.js';
import { inflateInOneCall } from '../pdf/inflate.js';
import type { Job, Reply } from './protocol.js';
import { runJob } from './read-task.js';

// A batch worker: pdf.js is loaded when it starts (it then says it is ready, so that a file's time
// limit counts the file's own work, not the worker's start) and kept for its life; jobs run one at a time.
inflateInOneCall();
parentPort!.on('message', (job: Job) => {
  // pdf.js's compiled code is saved once a first page is read (pagePrimitives, see code-cache.ts).
  void runJob(job, (reply) => parentPort!.postMessage(reply));
});
void loadPdfJsHere().finally(() => parentPort!.postMessage({ id: -1, type: 'ready' } satisfies Reply));
