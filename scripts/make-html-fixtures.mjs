#!/usr/bin/env node
// Writes 実行計画 tables printed by headless Chromium from HTML, as offices print them from a browser.
// Tables that flow over pages (a row that does not fit continues on the next page, no rule at the cut):
//   flow-repeated-header.pdf  the header repeated on every page (thead)
//   flow-no-header.pdf        the header printed once (no thead): continuation pages start with the cut row
//   flow-partial-header.pdf   one table per page; the second page repeats only the column row, with
//                             three header cells left empty
// Headers as other offices print them:
//   headers-other-office.pdf  8 of 14 headers reworded, two columns of the office's own (担当, 予算額),
//                             the narrow header cells turned sideways (section 1) or written vertically,
//                             upright characters stacked (section 2)
// Three editions of one year (a title "2023年度 実行計画(年度目標)" above the tables):
//   editions-start.pdf  year-start: 年度目標設定 only; 市民部テスト推進課 has 2 plans, plan 1's target reads "①75%\n②15分"
//   editions-mid.pdf    mid-year: 中間確認 filled; a plan inserted at 順位 2 (the others move down); plan 1's target
//                       changed to "①80%\n②15分" without a strike line
//   editions-end.pdf    year-end: every column
// The plan texts are in fixtures/flow-plans.json, written by hand; tests compare the output with them.
// Needs Debian's chromium and fonts-ipaexfont; run from the repository root.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const CHROMIUM = process.env.CHROMIUM ?? 'chromium';
const plans = JSON.parse(fs.readFileSync('fixtures/flow-plans.json', 'utf8'));
const KEYS = ['rank', 'planType', 'item', 'activities', 'indicator', 'target', 'progress', 'firstHalf', 'secondHalfPlan', 'annualSummary', 'actual', 'rating', 'ratingReason', 'challenges'];
const NAMES = ['順位', '計画類型', '取組項目', '具体的な活動内容', '指標', '目標値', '進捗状況', '上半期の状況や評価', '下半期の予定', '1年間の総括', '目標値に対する実績値', '評価', '評価の視点', '課題と対応'];
const WIDTHS = [3, 5, 8, 11, 8, 6, 4, 11, 9, 11, 6, 3, 7, 8]; // per cent of the table width

const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
/** "~~x~~" is struck text, "\n" a line break. */
const cell = (s) => esc(s).replace(/~~(.+?)~~/g, '<s>$1</s>').replace(/\n/g, '<br>');

const style = `
@page { size: A4 landscape; margin: 12mm; }
body { font-family: 'IPAexGothic'; font-size: 7pt; margin: 0; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; }
td, th { border: 0.75pt solid #000; padding: 2pt; vertical-align: top; word-break: break-all; }
th { font-weight: normal; background: #ddd; }
table.title { margin-bottom: 8pt; }
table.title td:first-child { width: 10%; background: #ddd; }
.section { break-before: page; }
.section:first-child { break-before: auto; }
`;

function colgroup() {
  return `<colgroup>${WIDTHS.map((w) => `<col style="width:${w}%">`).join('')}</colgroup>`;
}

function headerRows(blank = new Set(), groupRow = true, names = NAMES, turned = new Map()) {
  const th = (i, attrs = '') => {
    const style = turned.get(KEYS[i]);
    const text = blank.has(KEYS[i]) ? '' : names[i];
    return `<th${attrs}>${style ? `<div style="${style}">${text}</div>` : text}</th>`;
  };
  if (!groupRow) return `<tr>${names.map((_, i) => th(i)).join('')}</tr>`;
  return `<tr>${th(0, ' rowspan="2"')}${th(1, ' rowspan="2"')}${th(2, ' rowspan="2"')}<th colspan="3">年度目標設定</th><th colspan="3">中間確認</th><th colspan="5">年度末確認</th></tr>`
    + `<tr>${names.slice(3).map((_, i) => th(i + 3)).join('')}</tr>`;
}

const row = (p) => `<tr>${KEYS.map((k) => `<td>${cell(p[k])}</td>`).join('')}</tr>`;
const title = (s) => `<table class="title"><tr><td>部課名</td><td>${esc(s.department)}</td></tr><tr><td>課の使命</td><td>${cell(s.mission)}</td></tr></table>`;

function flowing(withHead) {
  return plans.sections.map((s) => `<div class="section">${title(s)}<table>${colgroup()}${withHead ? `<thead>${headerRows()}</thead>` : headerRows()}<tbody>${s.plans.map(row).join('')}</tbody></table></div>`).join('');
}

function partial() {
  // Section 1 only, one table per page, split after the first plan; page 2 repeats the column row only.
  const s = plans.sections[0];
  const page2 = `<table style="break-before: page">${colgroup()}${headerRows(new Set(['annualSummary', 'rating', 'challenges']), false)}${s.plans.slice(1).map(row).join('')}</table>`;
  return `${title(s)}<table>${colgroup()}${headerRows()}${row(s.plans[0])}</table>${page2}`;
}

/** Headers as another office words them; 担当 after 取組項目 and 予算額 after 目標値 are its own columns. */
const OTHER_NAMES = ['順位', '計画類型', '取組事項', '具体的な取組内容', '指標', '目標値', '進捗状況', '上半期の実施状況・評価', '下半期の取組予定', '年間の総括', '実績値', '評価', '評価の理由', '課題と今後の対応'];
const EXTRAS = [{ after: 'item', name: '担当', values: ['窓口係', '企画係', '庶務係', '相談係'] }, { after: 'target', name: '予算額', values: ['120万円', '300万円', '-', '15万円'] }];

function otherOffice() {
  const sideways = 'writing-mode: vertical-rl; text-orientation: sideways; margin: auto;';
  const upright = 'writing-mode: vertical-rl; text-orientation: upright; margin: auto;';
  let k = 0;
  return plans.sections.map((s, si) => {
    const turned = new Map(['rank', 'progress', 'rating'].map((key) => [key, si === 0 ? sideways : upright]));
    // The office's own columns are put in by splicing cells after the columns they follow.
    const widen = (cells, extra) => {
      const out = [];
      KEYS.forEach((key, i) => {
        out.push(cells[i]);
        for (const e of EXTRAS) if (e.after === key) out.push(extra(e));
      });
      return out.join('');
    };
    const head1 = `<tr>${['rank', 'planType', 'item'].map((key, i) => `<th rowspan="2">${turned.has(key) ? `<div style="${turned.get(key)}">${OTHER_NAMES[i]}</div>` : OTHER_NAMES[i]}</th>`).join('')}<th rowspan="2">担当</th><th colspan="4">年度目標設定</th><th colspan="3">中間確認</th><th colspan="5">年度末確認</th></tr>`;
    const head2cells = KEYS.slice(3).map((key, i) => `<th>${turned.has(key) ? `<div style="${turned.get(key)}">${OTHER_NAMES[i + 3]}</div>` : OTHER_NAMES[i + 3]}</th>`);
    const head2 = `<tr>${head2cells.slice(0, 3).join('')}<th>予算額</th>${head2cells.slice(3).join('')}</tr>`;
    const rows = s.plans.map((p) => {
      const n = k++;
      return `<tr>${widen(KEYS.map((key) => `<td>${cell(p[key])}</td>`), (e) => `<td>${esc(e.values[n])}</td>`)}</tr>`;
    }).join('');
    const cols = `<colgroup>${widen(WIDTHS.map((w) => `<col style="width:${w * 0.92}%">`), () => '<col style="width:4%">')}</colgroup>`;
    return `<div class="section">${title(s)}<table>${cols}<thead>${head1}${head2}</thead><tbody>${rows}</tbody></table></div>`;
  }).join('');
}

/** The plans of one edition: short texts, the columns the edition prints, and the year-start wording. */
function editionPlans(edition) {
  const [s1, s2] = plans.sections;
  const short = (p) => ({ ...p, activities: p.activities.split('\n')[0] });
  const first = edition === 'start' ? { ...s1.plans[0], target: '①75%\n②15分' } : s1.plans[0];
  const list = edition === 'start' ? [first, { ...s1.plans[2], rank: '2' }] : [first, short(s1.plans[1]), s1.plans[2]];
  return [{ ...s1, plans: list }, s2];
}

function edition(name) {
  const keys = name === 'start' ? KEYS.slice(0, 6) : name === 'mid' ? KEYS.slice(0, 9) : KEYS;
  const groups = name === 'start' ? '<th colspan="3">年度目標設定</th>' : name === 'mid' ? '<th colspan="3">年度目標設定</th><th colspan="3">中間確認</th>' : '<th colspan="3">年度目標設定</th><th colspan="3">中間確認</th><th colspan="5">年度末確認</th>';
  const head = `<tr>${keys.slice(0, 3).map((_, i) => `<th rowspan="2">${NAMES[i]}</th>`).join('')}${groups}</tr><tr>${keys.slice(3).map((_, i) => `<th>${NAMES[i + 3]}</th>`).join('')}</tr>`;
  const cols = `<colgroup>${keys.map((_, i) => `<col style="width:${WIDTHS[i]}%">`).join('')}</colgroup>`;
  const body = editionPlans(name).map((s) => `<div class="section"><p>2023年度 実行計画(年度目標)</p>${title(s)}<table>${cols}<thead>${head}</thead><tbody>${s.plans.map((p) => `<tr>${keys.map((k) => `<td>${cell(p[k])}</td>`).join('')}</tr>`).join('')}</tbody></table></div>`).join('');
  return body;
}

function print(name, body) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plan-extract-fixture-'));
  try {
    const html = path.join(dir, 'in.html');
    fs.writeFileSync(html, `<!doctype html><html lang="ja"><meta charset="utf-8"><style>${style}</style><body>${body}</body></html>`);
    execFileSync(CHROMIUM, ['--headless', '--no-sandbox', '--disable-gpu', '--no-pdf-header-footer', `--print-to-pdf=${path.resolve('fixtures', name)}`, html], { stdio: 'ignore' });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

print('flow-repeated-header.pdf', flowing(true));
print('flow-no-header.pdf', flowing(false));
print('flow-partial-header.pdf', partial());
print('headers-other-office.pdf', otherOffice());
for (const name of ['start', 'mid', 'end']) print(`editions-${name}.pdf`, edition(name));
