import { workerData, type MessagePort, type TransferListItem } from 'node:worker_threads';
import { keepPdfJsCode } from './code-cache.js';
import { isOperatorListChunk } from './pdfjs-messages.js';
import { inflateInOneCall } from './inflate.js';
import { loadParsingHalf } from './polyfills.js';

// The parser thread (see parser-thread.ts): pdf.js's worker half, answering on the port it is given,
// and reading there the pages asked for with a frame (parser-reading.ts, loaded beside pdf.js).
inflateInOneCall();
const port = (workerData as { port: MessagePort }).port;
const [{ WorkerMessageHandler }, { readingPort }] = await Promise.all([loadParsingHalf(), import('./parser-reading.js')]);

WorkerMessageHandler.initializeFromPort(readingPort(savingCodeAfterFirstPage(port)));
port.start();

/** The port, which saves pdf.js's compiled code (see code-cache.ts) once the first page's operator list is sent. */
function savingCodeAfterFirstPage(port: MessagePort): MessagePort {
  const post = port.postMessage.bind(port);
  let pageSent = false;
  port.postMessage = (message: unknown, transfer?: readonly TransferListItem[]) => {
    post(message, transfer);
    if (!pageSent && isOperatorListChunk(message) && message.chunk.lastChunk) {
      pageSent = true;
      setImmediate(keepPdfJsCode);
    }
  };
  return port;
}
