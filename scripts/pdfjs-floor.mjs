#!/usr/bin/env node
// The pdf.js floor the benchmark compares against: every page of every file loaded and its operator
// list built (optionally its text content too), nothing else, by N worker threads (files dealt out
// in turn), or in this thread with --jobs 0.
//   node scripts/pdfjs-floor.mjs [--jobs N] [--text] FILE...
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';

const pkg = path.dirname(fileURLToPath(import.meta.resolve('pdfjs-dist/package.json'))) + path.sep;

async function readAll(files, withText) {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  for (const file of files) {
    const doc = await pdfjs.getDocument({ data: new Uint8Array(fs.readFileSync(file)), cMapUrl: pkg + 'cmaps/', cMapPacked: true, standardFontDataUrl: pkg + 'standard_fonts/', isEvalSupported: false, verbosity: 0 }).promise;
    for (let p = 1; p <= doc.numPages; p++) {
      const page = await doc.getPage(p);
      if (withText) await page.getTextContent();
      await page.getOperatorList();
      page.cleanup();
    }
    await doc.destroy();
  }
}

if (isMainThread) {
  const args = process.argv.slice(2);
  const jobsAt = args.indexOf('--jobs');
  const jobs = jobsAt >= 0 ? Number(args.splice(jobsAt, 2)[1]) : 0;
  const withText = args.includes('--text');
  const files = args.filter((a) => a !== '--text');
  if (jobs === 0) await readAll(files, withText);
  else {
    const shares = Array.from({ length: jobs }, (_, k) => files.filter((_, i) => i % jobs === k));
    await Promise.all(shares.map((share) => new Promise((resolve, reject) => {
      const w = new Worker(fileURLToPath(import.meta.url), { workerData: { files: share, withText } });
      w.on('message', resolve);
      w.on('error', reject);
    })));
  }
} else {
  await readAll(workerData.files, workerData.withText);
  parentPort.postMessage('done');
}
