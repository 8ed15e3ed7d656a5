#!/usr/bin/env node
// Writes fixtures/vertical-font.pdf: a ruled table whose header cells are set in a vertical font
// (a Type0 font with the Identity-V encoding, as Word and InDesign write 縦書き), the body in the
// same font horizontally (Identity-H). Run from the repository root:
//   node scripts/make-vertical-font-fixture.mjs
// Needs pdf-lib and @pdf-lib/fontkit (devDependencies) and IPAexGothic (Debian fonts-ipaexfont-gothic).
import fs from 'node:fs';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, PDFName, rgb } from 'pdf-lib';

const FONT = '/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf';
const fontBytes = fs.readFileSync(FONT);

const doc = await PDFDocument.create();
doc.registerFontkit(fontkit);
// Two embeddings of one font: the first becomes the vertical one below.
const vertical = await doc.embedFont(fontBytes, { subset: true });
const horizontal = await doc.embedFont(fontBytes, { subset: true });
const page = doc.addPage([595, 842]);

// Set horizontally, the header text would cross a column rule (縦書き) or the table's edge (見出し).
// A table of 2 columns × 3 rows: x 50–150–545, y (from the top) 100–200–260–320.
const top = (y) => 842 - y;
for (const x of [50, 150, 545]) page.drawLine({ start: { x, y: top(100) }, end: { x, y: top(320) }, thickness: 1, color: rgb(0, 0, 0) });
for (const y of [100, 200, 260, 320]) page.drawLine({ start: { x: 50, y: top(y) }, end: { x: 545, y: top(y) }, thickness: 1, color: rgb(0, 0, 0) });
// Vertical text: each glyph goes down from the text origin (pdf.js places it centred on the origin's x).
page.drawText('縦書き', { x: 135, y: top(110), size: 12, font: vertical });
page.drawText('見出し', { x: 530, y: top(110), size: 12, font: vertical });
page.drawText('本文の一行目', { x: 60, y: top(235), size: 10, font: horizontal });
page.drawText('二行目', { x: 160, y: top(235), size: 10, font: horizontal });
page.drawText('三', { x: 60, y: top(295), size: 10, font: horizontal });

let bytes = await doc.save({ useObjectStreams: false });

// pdf-lib writes Identity-H; the first Type0 font is turned vertical.
const edited = await PDFDocument.load(bytes);
const type0 = edited.context.enumerateIndirectObjects().map(([, obj]) => obj).filter((obj) => obj?.get?.(PDFName.of('Subtype')) === PDFName.of('Type0'));
if (type0.length !== 2) throw new Error(`expected two Type0 fonts, found ${type0.length}`);
type0[0].set(PDFName.of('Encoding'), PDFName.of('Identity-V'));
bytes = await edited.save({ useObjectStreams: false });
fs.writeFileSync('fixtures/vertical-font.pdf', bytes);
console.log(`fixtures/vertical-font.pdf: ${bytes.length} bytes`);
