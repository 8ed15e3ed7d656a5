import { parentPort } from 'node:worker_threads';
import { loadPdfJs } from '../pdf/document.js';
import type { PageTask, TaskReply } from './protocol.js';
import { runPageTask } from './read-task.js';

// A batch worker: pdf.js is loaded when it starts (it then says it is ready, so that a file's time
// limit counts the file's own work, not the worker's start) and kept for its life; tasks run one at a time.
parentPort!.on('message', (task: PageTask) => {
  void runPageTask(task, (reply) => parentPort!.postMessage(reply));
});
void loadPdfJs().finally(() => parentPort!.postMessage({ id: -1, type: 'ready' } satisfies TaskReply));
