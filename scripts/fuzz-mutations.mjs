// Mutations of a PDF for fuzzing: used by tests/fuzz.test.ts (a fixed 300) and scripts/fuzz.mjs (npm run fuzz).
import fs from 'node:fs';
import { PDFDocument } from 'pdf-lib';

/** A small seeded random generator: the same seed gives the same mutations. */
export function mulberry32(seed) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Some pages of a PDF, written with plain objects so that objects and the xref can be damaged. */
export async function base(file, pages) {
  const src = await PDFDocument.load(fs.readFileSync(file));
  const out = await PDFDocument.create();
  for (const p of await out.copyPages(src, pages)) out.addPage(p);
  return Buffer.from(await out.save({ useObjectStreams: false }));
}

function objectSpans(pdf) {
  const text = pdf.toString('latin1');
  const spans = [];
  const re = /\d+ 0 obj[\s\S]*?endobj/g;
  for (let m = re.exec(text); m; m = re.exec(text)) spans.push([m.index, m.index + m[0].length]);
  return spans;
}

/** Replaces the digits of one match of `re` (chosen at random) by random digits. */
function damageNumber(pdf, re, pick) {
  const text = pdf.toString('latin1');
  const hits = [...text.matchAll(re)];
  if (!hits.length) return pdf;
  const hit = hits[pick(hits.length)];
  const digits = String(pick(10) === 0 ? 0 : pick(10 ** (1 + pick(7))));
  return Buffer.concat([pdf.subarray(0, hit.index + hit[1].length), Buffer.from(digits), pdf.subarray(hit.index + hit[0].length)]);
}

/** The number of mutation kinds: byte flips, truncation, object deleted, object duplicated, xref damaged, stream length, object number, xref offset. */
export const KINDS = 8;

export function mutate(pdf, rand, kind) {
  const pick = (n) => Math.floor(rand() * n);
  const spans = objectSpans(pdf);
  const xref = pdf.lastIndexOf('xref');
  switch (kind) {
    case 0: { // byte flips anywhere
      const b = Buffer.from(pdf);
      for (let i = 0, n = 1 + pick(40); i < n; i++) b[pick(b.length)] ^= 1 + pick(255);
      return b;
    }
    case 1: // truncation
      return pdf.subarray(0, pick(pdf.length));
    case 2: { // an object deleted
      const [s, e] = spans[pick(spans.length)];
      return Buffer.concat([pdf.subarray(0, s), pdf.subarray(e)]);
    }
    case 3: { // an object duplicated somewhere else
      const [s, e] = spans[pick(spans.length)];
      const at = spans[pick(spans.length)][0];
      return Buffer.concat([pdf.subarray(0, at), pdf.subarray(s, e), Buffer.from('\n'), pdf.subarray(at)]);
    }
    case 4: { // damaged xref table or startxref
      const b = Buffer.from(pdf);
      for (let i = 0, n = 1 + pick(12); i < n; i++) b[xref + pick(b.length - xref)] = 0x30 + pick(10);
      return b;
    }
    case 5: // a stream's /Length wrong
      return damageNumber(pdf, /(\/Length )\d+/g, pick);
    case 6: // an object number changed
      return damageNumber(pdf, /(\n)\d+(?= 0 obj)/g, pick);
    default: // an xref offset changed
      return damageNumber(pdf, /(\n)\d{10}(?= 00000 n)/g, pick);
  }
}
