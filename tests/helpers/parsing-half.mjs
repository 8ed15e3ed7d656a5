// Loads one of pdf.js's halves as the program does (workerData.half: 'parsing' or 'display'), saves
// its compiled code, and says how it was loaded.
import { parentPort, workerData } from 'node:worker_threads';

const { loadParsingHalf, loadDisplayHalf } = await import('../../dist/pdf/polyfills.js');
const { keepPdfJsCode, parsingHalfLoad, displayHalfLoad } = await import('../../dist/pdf/code-cache.js');
const display = workerData?.half === 'display';
await (display ? loadDisplayHalf() : loadParsingHalf());
const how = display ? displayHalfLoad() : parsingHalfLoad();
keepPdfJsCode();
parentPort.postMessage(how);
