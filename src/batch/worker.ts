import { parentPort } from 'node:worker_threads';
import { keepPdfJsCode } from '../pdf/code-cache.js';
import { loadPdfJsHere } from '../pdf/document.js';
import { inflateInOneCall } from '../pdf/inflate.js';
import type { Job, Reply } from './protocol.js';
import { runJob } from './read-task.js';

// A batch worker: pdf.js is loaded when it starts (it then says it is ready, so that a file's time
// limit counts the file's own work, not the worker's start) and kept for its life; jobs run one at a time.
inflateInOneCall();
parentPort!.on('message', (job: Job) => {
  void runJob(job, (reply) => {
    parentPort!.postMessage(reply);
    // pdf.js's compiled code is saved once a first document is read (see code-cache.ts).
    if (reply.type === 'done') setImmediate(keepPdfJsCode);
  });
});
void loadPdfJsHere().finally(() => parentPort!.postMessage({ id: -1, type: 'ready' } satisfies Reply));
