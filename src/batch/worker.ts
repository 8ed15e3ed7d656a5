import { parentPort } from 'node:worker_threads';
import type { PageTask } from './protocol.js';
import { runPageTask } from './read-task.js';

// A batch worker: pdf.js is loaded on its first task and kept for the worker's life.
parentPort!.on('message', async (task: PageTask) => {
  parentPort!.postMessage(await runPageTask(task));
});
