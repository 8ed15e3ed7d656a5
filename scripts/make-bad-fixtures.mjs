#!/usr/bin/env node
// Writes the bad-input corpus into fixtures/bad/ (small files, committed). Run from the repository root:
//   node scripts/make-bad-fixtures.mjs
// encrypted.pdf needs qpdf (Debian package qpdf); the rest is made here.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';

const out = path.resolve('fixtures/bad');
fs.mkdirSync(out, { recursive: true });
const write = (name, bytes) => {
  fs.writeFileSync(path.join(out, name), bytes);
  console.log(`fixtures/bad/${name}: ${bytes.length} bytes`);
};

/** A PDF from object bodies (object i+1 = bodies[i]; object 1 is the catalog), with a correct xref. */
export function buildPdf(bodies) {
  let text = '%PDF-1.7\n%\xe2\xe3\xcf\xd3\n';
  const offsets = [];
  bodies.forEach((body, i) => {
    offsets.push(Buffer.byteLength(text, 'latin1'));
    text += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(text, 'latin1');
  text += `xref\n0 ${bodies.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) text += `${String(o).padStart(10, '0')} 00000 n \n`;
  text += `trailer\n<< /Size ${bodies.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(text, 'latin1');
}

const stream = (dict, content) => `<< ${dict} /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`;
const page = (contentRef, resources) => `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 842 595] /Contents ${contentRef} 0 R /Resources ${resources} >>`;

// 1. Zero bytes.
write('empty.pdf', Buffer.alloc(0));

// 2. A PNG image renamed .pdf (a 1x1 grey PNG).
write('png-renamed.pdf', Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010800000000376ef9240000000a49444154789c6360000000020001e221bc330000000049454e44ae426082', 'hex'));

// 3. The first third of a real publication: the end of the file, its xref and trailer are missing.
const sample = fs.readFileSync('fixtures/sample-calc.pdf');
write('truncated.pdf', sample.subarray(0, Math.floor(sample.length / 3)));

// 4. A publication with bytes flipped in its cross-reference table and trailer.
const flipped = Buffer.from(sample);
const xrefAt = flipped.lastIndexOf('startxref');
for (let i = xrefAt - 400; i < flipped.length; i += 7) flipped[i] ^= 0x5a;
write('bitflip.pdf', flipped);

// 5. A scanned page: one image, no text.
const img = Buffer.alloc(64 * 64, 0x80).toString('latin1');
write('scanned.pdf', buildPdf([
  '<< /Type /Catalog /Pages 2 0 R >>',
  '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
  page(4, '<< /XObject << /Im0 5 0 R >> >>'),
  stream('', 'q 800 0 0 550 20 20 cm /Im0 Do Q'),
  stream('/Type /XObject /Subtype /Image /Width 64 /Height 64 /ColorSpace /DeviceGray /BitsPerComponent 8', img),
]));

// 6. Text and no table.
const helv = '<< /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >>';
write('no-table.pdf', buildPdf([
  '<< /Type /Catalog /Pages 2 0 R >>',
  '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
  page(4, helv),
  stream('', 'BT /F1 12 Tf 72 500 Td (Annual report, no table here.) Tj ET'),
]));

// 7. A ruled table that is not a plan table (3 x 3 cells).
let table = '0.5 w\n';
for (const y of [400, 430, 460, 490]) table += `100 ${y} m 400 ${y} l S\n`;
for (const x of [100, 200, 300, 400]) table += `${x} 400 m ${x} 490 l S\n`;
const cellsText = [['Name', 'City', 'Phone'], ['Sato', 'Machida', '042'], ['Suzuki', 'Tama', '042']];
cellsText.forEach((row, r) => row.forEach((t, c) => {
  table += `BT /F1 10 Tf ${105 + c * 100} ${470 - r * 30} Td (${t}) Tj ET\n`;
}));
write('other-table.pdf', buildPdf([
  '<< /Type /Catalog /Pages 2 0 R >>',
  '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
  page(4, helv),
  stream('', table),
]));

// 8. Fonts whose FontMatrix carries JavaScript, in the style of CVE-2024-4367: a viewer that
// compiled glyph outlines into code would run it. The payload sets a global and writes a file.
const payload = "(0\\); globalThis.__planExtractPwned = 1; require\\('fs'\\).writeFileSync\\('PWNED-by-font-matrix', 'x'\\)//)";
const t3glyph = stream('', '500 0 0 0 750 750 d1 0 0 750 750 re f');
write('malicious-font.pdf', buildPdf([
  '<< /Type /Catalog /Pages 2 0 R >>',
  '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
  page(4, '<< /Font << /F1 5 0 R /F2 7 0 R >> >>'),
  stream('', 'BT /F1 24 Tf 72 400 Td (AAA) Tj ET BT /F2 24 Tf 72 300 Td (AAA) Tj ET'),
  `<< /Type /Font /Subtype /Type3 /FontBBox [0 0 750 750] /FontMatrix [0.001 0 0 0.001 0 ${payload}] /CharProcs << /a 6 0 R >> /Encoding << /Type /Encoding /Differences [65 /a] >> /FirstChar 65 /LastChar 65 /Widths [1000] /Resources << >> >>`,
  t3glyph,
  `<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /FontMatrix [1 0 0 1 0 ${payload}] >>`,
]));

// 9. Encrypted (user password "secret"): the first two pages of a publication, encrypted with qpdf.
const two = await PDFDocument.create();
const src = await PDFDocument.load(sample);
for (const p of await two.copyPages(src, [0, 1])) two.addPage(p);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bad-'));
fs.writeFileSync(path.join(tmp, 'plain.pdf'), await two.save());
try {
  execFileSync('qpdf', ['--encrypt', 'secret', 'owner-secret', '256', '--', path.join(tmp, 'plain.pdf'), path.join(out, 'encrypted.pdf')]);
  console.log(`fixtures/bad/encrypted.pdf: ${fs.statSync(path.join(out, 'encrypted.pdf')).size} bytes`);
} catch (err) {
  console.error(`encrypted.pdf not made (qpdf missing?): ${err.message}`);
}
fs.rmSync(tmp, { recursive: true, force: true });
