import { workerData, type MessagePort } from 'node:worker_threads';
import { inflateInOneCall } from './inflate.js';
import { loadParsingHalf } from './polyfills.js';

// The parser thread (see parser-thread.ts): pdf.js's worker half, answering on the port it is given,
// and reading there the pages asked for with a frame (parser-reading.ts, loaded beside pdf.js).
inflateInOneCall();
const port = (workerData as { port: MessagePort }).port;
const [{ WorkerMessageHandler }, { readingPort }] = await Promise.all([loadParsingHalf(), import('./parser-reading.js')]);

WorkerMessageHandler.initializeFromPort(readingPort(port));
port.start();
