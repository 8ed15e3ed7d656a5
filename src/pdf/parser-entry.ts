import { workerData, type MessagePort } from 'node:worker_threads';
import { loadWithoutCanvas } from './polyfills.js';

// The parser thread (see parser-thread.ts): pdf.js's worker half, answering on the port it is given.
const port = (workerData as { port: MessagePort }).port;
const workerModule: string = 'pdfjs-dist/legacy/build/pdf.worker.mjs'; // untyped: pdfjs-dist ships no declarations for it
const { WorkerMessageHandler } = (await loadWithoutCanvas(() => import(workerModule))) as {
  WorkerMessageHandler: { initializeFromPort(port: unknown): void };
};

WorkerMessageHandler.initializeFromPort(port);
port.start();
