// Tunes V8 as the command line does (unless told not to), then reports what a thread started
// afterwards sees, and whether V8 takes the code cache given in argv[3] (made when argv[2] is 'make').
import fs from 'node:fs';
import vm from 'node:vm';
import { Worker } from 'node:worker_threads';

const { tuneV8ForCommandLine, v8FlagsSetHere } = await import('../../dist/v8-flags.js');
const [mode, codeFile] = process.argv.slice(2);
if (process.env.TUNE === '1') tuneV8ForCommandLine();
const source = 'function add(a, b) { return a + b; }\nadd(1, 2);';
let codeTaken = null;
if (mode === 'make') fs.writeFileSync(codeFile, new vm.Script(source).createCachedData());
else codeTaken = !new vm.Script(source, { cachedData: fs.readFileSync(codeFile) }).cachedDataRejected;
const inThread = await new Promise((resolve, reject) => {
  const worker = new Worker(`const { parentPort } = require('node:worker_threads'); import(${JSON.stringify(new URL('../../dist/v8-flags.js', import.meta.url).href)}).then((m) => parentPort.postMessage(m.v8FlagsSetHere()));`, { eval: true });
  worker.once('message', resolve);
  worker.once('error', reject);
});
process.stdout.write(JSON.stringify({ here: v8FlagsSetHere(), inThread, codeTaken }));
