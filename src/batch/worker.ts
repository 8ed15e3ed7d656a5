import { parentPort } from 'node:worker_threads';
import type { PageTask } from './protocol.js';
import { runPageTask } from './read-task.js';

// A batch worker: pdf.js is loaded on its first task and kept for the worker's life; tasks run one at a time.
parentPort!.on('message', (task: PageTask) => {
  void runPageTask(task, (reply) => parentPort!.postMessage(reply));
});
