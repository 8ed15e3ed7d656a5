#!/usr/bin/env node
// Writes LibreOffice Writer documents of the two sections of fixtures/flow-plans.json (written by hand), as
// offices write them in a word processor: A4 landscape, IPAexMincho 7 pt, the header rows repeated on each page
// and rows that do not fit continued on the next (Writer's default), each section on a new page.
//   writer-text-titles.pdf        the titles printed as lines of text above each table, not in ruled cells
//                                 ("部課名：…", then "課の使命：" alone on its line and the mission under it)
//   writer-vertical-headers.pdf   the same, with the narrow header cells 順位, 進捗状況 and 評価 written
//                                 vertically (縦書き: Writer places each upright character on its own; 進捗状況
//                                 takes two columns)
//   writer-double-rules.pdf       the titles in a ruled table (部課名 | …, 課の使命 | …) and every border
//                                 double (2.5 pt: two lines 1.7 pt apart)
// Needs Debian's libreoffice-writer-nogui and fonts-ipaexfont; run from the repository root.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const { sections } = JSON.parse(fs.readFileSync('fixtures/flow-plans.json', 'utf8'));
const KEYS = ['rank', 'planType', 'item', 'activities', 'indicator', 'target', 'progress', 'firstHalf', 'secondHalfPlan', 'annualSummary', 'actual', 'rating', 'ratingReason', 'challenges'];
const NAMES = ['順位', '計画類型', '取組項目', '具体的な活動内容', '指標', '目標値', '進捗状況', '上半期の状況や評価', '下半期の予定', '1年間の総括', '目標値に対する実績値', '評価', '評価の視点', '課題と対応'];
const WIDTHS = [3, 6, 8, 11, 8, 6, 4, 10, 9, 10, 6, 3, 8, 8]; // per cent of the table width
const TABLE_CM = 27.7;

const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
/** One paragraph per line; "~~x~~" is struck text. */
const paragraphs = (s, style = 'P') => s.split('\n').map((line) => `<text:p text:style-name="${style}">${esc(line).replace(/~~(.+?)~~/g, '<text:span text:style-name="Struck">$1</text:span>')}</text:p>`).join('');
const cell = (s, span = '', style = 'Cell') => `<table:table-cell table:style-name="${style}" office:value-type="string"${span}>${paragraphs(s)}</table:table-cell>`;
const covered = (n) => '<table:covered-table-cell/>'.repeat(n);

/**
 * One section: its titles and its plan table. `form`: the header cells written vertically, whether the
 * titles are in a ruled table.
 */
function section(s, k, form) {
  const headerCell = (name, span = '') => cell(name, span, form.vertical.includes(name) ? 'VerticalCell' : 'Cell');
  const title = form.titlesInTable
    ? `<table:table table:name="Title${k}" table:style-name="${k ? 'TableNewPage' : 'Table'}"><table:table-column table:style-name="Label"/><table:table-column table:style-name="Value"/>`
      + `<table:table-row>${cell('部課名')}${cell(s.department)}</table:table-row><table:table-row>${cell('課の使命')}${cell(s.mission)}</table:table-row></table:table><text:p text:style-name="P"/>`
    : `<text:p text:style-name="${k ? 'TitleNewPage' : 'P'}">部課名：${esc(s.department)}</text:p><text:p text:style-name="P">課の使命：</text:p>${paragraphs(s.mission)}<text:p text:style-name="P"/>`;
  const header = `<table:table-header-rows><table:table-row>${headerCell('順位', ' table:number-rows-spanned="2"')}${cell('計画類型', ' table:number-rows-spanned="2"')}${cell('取組項目', ' table:number-rows-spanned="2"')}`
    + `${cell('年度目標設定', ' table:number-columns-spanned="3"')}${covered(2)}${cell('中間確認', ' table:number-columns-spanned="3"')}${covered(2)}${cell('年度末確認', ' table:number-columns-spanned="5"')}${covered(4)}</table:table-row>`
    + `<table:table-row>${covered(3)}${NAMES.slice(3).map((n) => headerCell(n)).join('')}</table:table-row></table:table-header-rows>`;
  const rows = s.plans.map((p) => `<table:table-row>${KEYS.map((key) => cell(p[key])).join('')}</table:table-row>`).join('');
  return `${title}<table:table table:name="Plans${k}" table:style-name="Table">${WIDTHS.map((_, i) => `<table:table-column table:style-name="Col${i}"/>`).join('')}${header}${rows}</table:table>`;
}

const text = (size) => `<style:text-properties style:font-name="Mincho" fo:font-size="${size}" style:font-name-asian="Mincho" style:font-size-asian="${size}"/>`;
/** The whole document; `form.border`: the cells' border. */
const document = (form) => `<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
<office:font-face-decls><style:font-face style:name="Mincho" svg:font-family="IPAexMincho"/></office:font-face-decls>
<office:automatic-styles>
<style:page-layout style:name="Landscape"><style:page-layout-properties fo:page-width="29.7cm" fo:page-height="21cm" style:print-orientation="landscape" fo:margin="1cm"/></style:page-layout>
<style:style style:name="Table" style:family="table"><style:table-properties style:width="${TABLE_CM}cm" table:align="left"/></style:style>
<style:style style:name="TableNewPage" style:family="table" style:master-page-name="Standard"><style:table-properties style:width="${TABLE_CM}cm" table:align="left" fo:break-before="page"/></style:style>
<style:style style:name="Label" style:family="table-column"><style:table-column-properties style:column-width="${(TABLE_CM * 0.1).toFixed(3)}cm"/></style:style>
<style:style style:name="Value" style:family="table-column"><style:table-column-properties style:column-width="${(TABLE_CM * 0.9).toFixed(3)}cm"/></style:style>
${WIDTHS.map((w, i) => `<style:style style:name="Col${i}" style:family="table-column"><style:table-column-properties style:column-width="${((TABLE_CM * w) / 100).toFixed(3)}cm"/></style:style>`).join('\n')}
<style:style style:name="Cell" style:family="table-cell"><style:table-cell-properties fo:border="${form.border}" fo:padding="0.05cm"/></style:style>
<style:style style:name="VerticalCell" style:family="table-cell"><style:table-cell-properties fo:border="${form.border}" fo:padding="0.05cm" style:writing-mode="tb-rl"/></style:style>
<style:style style:name="P" style:family="paragraph">${text('7pt')}</style:style>
<style:style style:name="TitleNewPage" style:family="paragraph" style:master-page-name="Standard"><style:paragraph-properties fo:break-before="page"/>${text('7pt')}</style:style>
<style:style style:name="Struck" style:family="text"><style:text-properties style:text-line-through-style="solid" style:text-line-through-type="single"/></style:style>
</office:automatic-styles>
<office:master-styles><style:master-page style:name="Standard" style:page-layout-name="Landscape"/></office:master-styles>
<office:body><office:text>${sections.map((s, k) => section(s, k, form)).join('')}</office:text></office:body></office:document>`;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plan-extract-fixture-'));
try {
  const single = '0.5pt solid #000000';
  const documents = {
    'writer-text-titles': { vertical: [], border: single, titlesInTable: false },
    'writer-vertical-headers': { vertical: ['順位', '進捗状況', '評価'], border: single, titlesInTable: false },
    'writer-double-rules': { vertical: [], border: '2.5pt double #000000', titlesInTable: true },
  };
  for (const [name, form] of Object.entries(documents)) {
    const fodt = path.join(dir, `${name}.fodt`);
    fs.writeFileSync(fodt, document(form));
    execFileSync('soffice', ['--headless', '--convert-to', 'pdf', '--outdir', dir, fodt], { stdio: 'ignore' });
    fs.copyFileSync(path.join(dir, `${name}.pdf`), `fixtures/${name}.pdf`);
  }
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
