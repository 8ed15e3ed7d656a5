import { workerData, type MessagePort } from 'node:worker_threads';
import { loadParsingHalf } from './polyfills.js';

// The parser thread (see parser-thread.ts): pdf.js's worker half, answering on the port it is given.
const port = (workerData as { port: MessagePort }).port;
const { WorkerMessageHandler } = await loadParsingHalf();

WorkerMessageHandler.initializeFromPort(port);
port.start();
