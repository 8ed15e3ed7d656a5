// Loads pdf.js's parsing half as the parser thread does, saves its compiled code, and says how it was loaded.
import { parentPort } from 'node:worker_threads';

const { loadParsingHalf } = await import('../../dist/pdf/polyfills.js');
const { keepParsingHalfCode, parsingHalfLoad } = await import('../../dist/pdf/code-cache.js');
await loadParsingHalf();
const how = parsingHalfLoad();
keepParsingHalfCode();
parentPort.postMessage(how);
