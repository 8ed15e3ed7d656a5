#!/usr/bin/env node
// Writes fixtures/calc-rotated-headers.pdf: a 実行計画 sheet made with exceljs and printed by LibreOffice Calc, as
// offices export from Excel: the narrow header cells with text rotated 90° (順位), -90° (進捗状況) and stacked
// vertically (評価), a year-start column set plus the mid- and year-end columns, IPAexMincho. The plan texts
// are the first section of fixtures/flow-plans.json (written by hand), plan 2's 40-line activities cut to its
// first line so that every row is tall enough for its text.
// Needs Debian's libreoffice-calc-nogui and fonts-ipaexfont; run from the repository root.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';

const section = JSON.parse(fs.readFileSync('fixtures/flow-plans.json', 'utf8')).sections[0];
const plans = { ...section, plans: section.plans.map((p) => ({ ...p, activities: p.activities.split('\n')[0] })) };
const KEYS = ['rank', 'planType', 'item', 'activities', 'indicator', 'target', 'progress', 'firstHalf', 'secondHalfPlan', 'annualSummary', 'actual', 'rating', 'ratingReason', 'challenges'];
const NAMES = ['順位', '計画類型', '取組項目', '具体的な活動内容', '指標', '目標値', '進捗状況', '上半期の状況や評価', '下半期の予定', '1年間の総括', '目標値に対する実績値', '評価', '評価の視点', '課題と対応'];
const WIDTHS = [4, 8, 12, 22, 14, 10, 4, 22, 18, 22, 10, 4, 12, 16];
const ROTATION = { rank: 90, progress: -90, rating: 'vertical' };

const wb = new ExcelJS.Workbook();
const ws = wb.addWorksheet('計画', { pageSetup: { orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
ws.columns = WIDTHS.map((width) => ({ width }));
const font = { name: 'IPAexMincho', size: 8 };
const border = { top: { style: 'thin' }, left: { style: 'thin' }, bottom: { style: 'thin' }, right: { style: 'thin' } };
const put = (row, col, value, extra = {}) => {
  const cell = ws.getCell(row, col);
  cell.value = value;
  cell.font = font;
  cell.border = border;
  cell.alignment = { wrapText: true, vertical: 'top', ...extra };
};
put(1, 1, '部課名');
ws.mergeCells(1, 2, 1, 14);
put(1, 2, plans.department);
put(2, 1, '課の使命');
ws.mergeCells(2, 2, 2, 14);
put(2, 2, plans.mission);
// Header: 順位, 計画類型, 取組項目 over two rows; the group headers over the others.
for (const [i, key] of KEYS.entries()) {
  const rotation = ROTATION[key];
  const extra = rotation === undefined ? { horizontal: 'center', vertical: 'middle' } : { textRotation: rotation, horizontal: 'center', vertical: 'middle' };
  if (i < 3) {
    ws.mergeCells(3, i + 1, 4, i + 1);
    put(3, i + 1, NAMES[i], extra);
  } else {
    put(4, i + 1, NAMES[i], extra);
  }
}
for (const [from, to, name] of [[4, 6, '年度目標設定'], [7, 9, '中間確認'], [10, 14, '年度末確認']]) {
  ws.mergeCells(3, from, 3, to);
  put(3, from, name, { horizontal: 'center' });
}
ws.getRow(4).height = 48;
plans.plans.forEach((p, r) => {
  KEYS.forEach((key, c) => {
    const runs = p[key].split(/(~~.*?~~)/).filter(Boolean).map((t) => (t.startsWith('~~') ? { text: t.slice(2, -2), font: { ...font, strike: true } } : { text: t, font }));
    put(5 + r, c + 1, runs.some((x) => x.font.strike) ? { richText: runs } : p[key]);
  });
  const lines = Math.max(...KEYS.map((key, c) => p[key].split('\n').reduce((n, l) => n + Math.ceil((l.length * 2) / WIDTHS[c]), 0)));
  ws.getRow(5 + r).height = 12 * lines + 6;
});

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plan-extract-fixture-'));
try {
  const xlsx = path.join(dir, 'calc-rotated-headers.xlsx');
  await wb.xlsx.writeFile(xlsx);
  execFileSync('soffice', ['--headless', '--convert-to', 'pdf', '--outdir', dir, xlsx], { stdio: 'ignore' });
  fs.copyFileSync(path.join(dir, 'calc-rotated-headers.pdf'), 'fixtures/calc-rotated-headers.pdf');
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
