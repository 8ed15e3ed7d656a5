#!/usr/bin/env node
// Writes fixtures/synthetic-a3-mincho.pdf: a small 実行計画 publication unlike the samples, to check that
// nothing is tuned to them. A3 landscape, IPAex Mincho (a subset is embedded), a year-start edition with
// six columns, title rows inside the table grid, rules stroked cell by cell (0.5 pt, overlapping), strike
// lines stroked 0.4 pt (one struck run wraps onto the next line), an underline, full-width digits, and a
// row that continues on the next page under a repeated header.
// Needs the font from Debian's fonts-ipaexfont-mincho; run from the repository root.
import fs from 'node:fs';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, rgb } from 'pdf-lib';

const FONT = process.argv[2] ?? '/usr/share/fonts/opentype/ipaexfont-mincho/ipaexm.ttf';
const doc = await PDFDocument.create();
doc.registerFontkit(fontkit);
const font = await doc.embedFont(fs.readFileSync(FONT), { subset: true });
const SIZE = 9;
const LEAD = 13;
const PAD = 4;
const [W, H] = [1190.55, 841.89];
const COLS = [40, 70, 130, 330, 180, 170];
const X0 = 60;
const xs = COLS.reduce((a, w) => [...a, a[a.length - 1] + w], [X0]);
const black = rgb(0, 0, 0);

/** "a~~b~~__c__" → characters with struck/underline flags; wrapped into lines that fit `width`. */
function layout(text, width) {
  const lines = [];
  for (const para of text.split('\n')) {
    const chars = [];
    let struck = false;
    let under = false;
    for (let i = 0; i < para.length; i++) {
      if (para.startsWith('~~', i)) { struck = !struck; i++; continue; }
      if (para.startsWith('__', i)) { under = !under; i++; continue; }
      chars.push({ ch: para[i], struck, under });
    }
    let line = [];
    let w = 0;
    for (const c of chars) {
      const cw = font.widthOfTextAtSize(c.ch, SIZE);
      if (w + cw > width && line.length) { lines.push(line); line = []; w = 0; }
      line.push(c);
      w += cw;
    }
    lines.push(line);
  }
  return lines;
}

function drawRect(page, x0, top, x1, bottom) {
  // Each cell draws its own four borders, a little long at the corners, as spreadsheet exports do.
  const o = 0.3;
  const line = (a, b) => page.drawLine({ start: a, end: b, thickness: 0.5, color: black });
  line({ x: x0 - o, y: H - top }, { x: x1 + o, y: H - top });
  line({ x: x0 - o, y: H - bottom }, { x: x1 + o, y: H - bottom });
  line({ x: x0, y: H - top + o }, { x: x0, y: H - bottom - o });
  line({ x: x1, y: H - top + o }, { x: x1, y: H - bottom - o });
}

function drawLines(page, lines, x, top) {
  lines.forEach((line, i) => {
    const baseline = H - (top + PAD + SIZE + i * LEAD);
    let cx = x + PAD;
    let runStart = null;
    let runKind = null;
    const flush = (end) => {
      if (runStart === null) return;
      const y = runKind === 'struck' ? baseline + 0.3 * SIZE : baseline - 1.2;
      page.drawLine({ start: { x: runStart, y }, end: { x: end, y }, thickness: 0.4, color: black });
      runStart = null;
    };
    for (const c of line) {
      const cw = font.widthOfTextAtSize(c.ch, SIZE);
      const kind = c.struck ? 'struck' : c.under ? 'under' : null;
      if (kind !== runKind) { flush(cx); if (kind) runStart = cx; runKind = kind; }
      page.drawText(c.ch, { x: cx, y: baseline, size: SIZE, font, color: black });
      cx += cw;
    }
    flush(cx);
  });
}

/** A table: rows of cells { col, span, text }; returns the y below it. */
function drawTable(page, rows, top) {
  let y = top;
  for (const row of rows) {
    const laid = row.map((c) => ({ ...c, lines: layout(c.text, xs[c.col + (c.span ?? 1)] - xs[c.col] - 2 * PAD) }));
    const height = row.height ?? Math.max(...laid.map((c) => c.lines.length)) * LEAD + 2 * PAD;
    for (const c of laid) {
      drawRect(page, xs[c.col], y, xs[c.col + (c.span ?? 1)], y + height);
      drawLines(page, c.lines, xs[c.col], y);
    }
    y += height;
  }
  return y;
}

const header = [
  [{ col: 0, text: '順位' }, { col: 1, text: '計画\n類型' }, { col: 2, text: '取組項目' }, { col: 3, text: '具体的な活動内容' }, { col: 4, text: '指標' }, { col: 5, text: '目標値' }],
];
const title = (dept, mission) => [
  [{ col: 0, span: 2, text: '部課名' }, { col: 2, span: 4, text: dept }],
  [{ col: 0, span: 2, text: '課の使命' }, { col: 2, span: 4, text: mission }],
];
const activities2 = Array.from({ length: 9 }, (_, i) => `・研修${i + 1}：情報セキュリティとデータ活用の基礎を学ぶ研修を年${i + 2}回実施し、受講後に理解度を確認します。`);

// Page 1: section 1 with its title rows inside the grid, plan 1, and the first part of plan 2.
const p1 = doc.addPage([W, H]);
p1.drawText('実行計画(年度目標)', { x: X0, y: H - 40, size: 12, font });
drawTable(p1, [
  ...title('総務部情報政策課', 'デジタル技術を活用し、市民サービスの向上と業務の効率化を進めます。'),
  ...header,
  [
    { col: 0, text: '1' }, { col: 1, text: '経営改革プラン' }, { col: 2, text: '行政手続のオンライン化' },
    { col: 3, text: '①電子申請システムで申請できる手続を拡充します。\n②窓口での手続時間を短縮します。' },
    { col: 4, text: '①オンライン申請できる手続数\n②窓口の平均待ち時間' },
    { col: 5, text: '①~~８０手続~~ 100手続\n※国の方針に合わせ上方修正しました。\n②15分' },
  ],
  [
    { col: 0, text: '2' }, { col: 1, text: '－' }, { col: 2, text: '職員のデジタル研修' },
    { col: 3, text: activities2.slice(0, 5).join('\n') },
    { col: 4, text: '研修を受講した職員の割合' },
    { col: 5, text: '~~研修を受講した職員を全職員の半数とする~~\n全職員の60%' },
  ],
], 60);

// Page 2: the header again, the rest of plan 2 (its 順位 cell is empty), plan 3, then section 2.
const p2 = doc.addPage([W, H]);
const y2 = drawTable(p2, [
  ...header,
  [{ col: 0, text: '' }, { col: 1, text: '' }, { col: 2, text: '' }, { col: 3, text: activities2.slice(5).join('\n') }, { col: 4, text: '' }, { col: 5, text: '' }],
  [
    { col: 0, text: '3' }, { col: 1, text: '個別計画' }, { col: 2, text: '庁内ネットワークの更新' },
    { col: 3, text: 'ネットワーク機器を更新し、障害時の復旧時間を短縮します。' }, { col: 4, text: '機器の更新' }, { col: 5, text: '__実施__' },
  ],
], 60);
drawTable(p2, [
  ...title('総務部文書課', '公文書を適切に管理し、市民への説明責任を果たします。'),
  ...header,
  [
    { col: 0, text: '1' }, { col: 1, text: '個別計画' }, { col: 2, text: '文書管理の電子化' },
    { col: 3, text: '紙の文書を電子化し、検索できるようにします。' }, { col: 4, text: '電子化した文書の割合' }, { col: 5, text: '５０％' },
  ],
], y2 + 40);

fs.writeFileSync('fixtures/synthetic-a3-mincho.pdf', await doc.save());
console.log('wrote fixtures/synthetic-a3-mincho.pdf');
