// Small PDF makers for tests and the benchmark (pdf-lib): repeat sample pages into a long document.
import fs from 'node:fs';
import { PDFDocument } from 'pdf-lib';

/** A PDF of `pageCount` pages made by cycling through the pages of the given PDFs. */
export async function repeatPages(sources, pageCount) {
  const out = await PDFDocument.create();
  const docs = await Promise.all(sources.map(async (s) => PDFDocument.load(typeof s === 'string' ? fs.readFileSync(s) : s)));
  // Whole copies of each source, so rows that continue on the next page stay together.
  const plan = [];
  for (let k = 0; plan.length < pageCount; k++) {
    const doc = docs[k % docs.length];
    for (let i = 0; i < doc.getPageCount() && plan.length < pageCount; i++) plan.push([doc, i]);
  }
  for (const doc of docs) {
    const indices = plan.filter(([d]) => d === doc).map(([, i]) => i);
    // One copyPages call per source shares fonts and images among the copies.
    const copied = await out.copyPages(doc, indices);
    let c = 0;
    for (const entry of plan) if (entry[0] === doc) entry.push(copied[c++]);
  }
  for (const [, , page] of plan) out.addPage(page);
  return out.save({ useObjectStreams: true });
}
