import fs from 'node:fs';
import path from 'node:path';
import type { FilledRect } from '../geometry.js';
import { writeFileAtomic } from '../io.js';
import type { PageGrid } from '../grid/page.js';
import { findHeader } from '../tables/assemble.js';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const n = (x: number) => (Math.round(x * 100) / 100).toString();

/** What each colour means; drawn as a legend on every page. */
const LEGEND: [string, string][] = [
  ['#aaa', 'glyph'],
  ['#d00', 'struck glyph / strike line'],
  ['#06c', 'rule'],
  ['#2a2', 'cell (row,col span)'],
  ['#80c', 'column a header maps to'],
  ['#c60', 'extra column (extras, EXTRA_COLUMN)'],
  ['#e0a', 'text under no header column (UNMAPPED_CELL)'],
  ['#f80', 'text outside every table (pageText / TEXT_OUTSIDE_TABLE)'],
];

/** Height (points) of the legend strip drawn under the page. */
const LEGEND_HEIGHT = 56;

/** The legend, in two columns in a strip under the page (so that it never hides the page). */
function legend(width: number, top: number): string {
  const half = Math.ceil(LEGEND.length / 2);
  const rows = LEGEND.map(([color, label], i) => {
    const x = 10 + (i >= half ? width / 2 : 0);
    const y = top + 16 + (i % half) * 10;
    return `<rect x="${n(x)}" y="${n(y - 7)}" width="8" height="8" fill="${color}" fill-opacity="0.6"/><text x="${n(x + 12)}" y="${n(y)}" font-size="8" fill="#222">${esc(label)}</text>`;
  });
  return `<g class="legend"><text x="10" y="${n(top + 6)}" font-size="6" fill="#555">plan-extract --debug: what the extractor saw</text>${rows.join('')}</g>`;
}

/**
 * An SVG picture of one page as the extractor saw it, in page points: glyph boxes (grey, struck
 * ones red), rules (blue), strike lines (red), background fills (yellow), cells (green, labelled
 * row,col and span), the column each header cell was mapped to (purple), and the text that went
 * to no column (magenta) or lies outside every table (orange), with a legend.
 */
export function pageSvg(grid: PageGrid, fills: FilledRect[] = []): string {
  const out: string[] = [];
  const height = grid.height + LEGEND_HEIGHT;
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${n(grid.width * 1.5)}" height="${n(height * 1.5)}" viewBox="0 0 ${n(grid.width)} ${n(height)}" font-family="sans-serif">`);
  out.push(`<title>page ${grid.page}</title>`);
  out.push(`<rect x="0" y="0" width="${n(grid.width)}" height="${n(grid.height)}" fill="white" stroke="#999" stroke-width="0.5"/>`);
  out.push('<g class="fills" fill="#fff3b0" fill-opacity="0.5">');
  for (const r of fills) out.push(`<rect x="${n(r.x0)}" y="${n(r.top)}" width="${n(r.x1 - r.x0)}" height="${n(r.bottom - r.top)}"/>`);
  out.push('</g>');
  out.push('<g class="glyphs" stroke-width="0.1">');
  for (const g of grid.glyphs) {
    if (/\s/.test(g.text)) continue;
    const color = g.struck ? 'stroke="#d00" fill="#d00" fill-opacity="0.25"' : 'stroke="#aaa" fill="none"';
    out.push(`<rect class="${g.struck ? 'glyph struck' : 'glyph'}" x="${n(g.x0)}" y="${n(g.top)}" width="${n(g.x1 - g.x0)}" height="${n(g.bottom - g.top)}" ${color}/>`);
    out.push(`<text x="${n(g.x0)}" y="${n(g.baseline)}" font-size="${n(g.size * 0.9)}" fill="#555">${esc(g.text)}</text>`);
  }
  out.push('</g>');
  out.push('<g class="rules" stroke="#06c">');
  for (const r of grid.rules) {
    const [x1, y1, x2, y2] = r.orientation === 'h' ? [r.start, r.pos, r.end, r.pos] : [r.pos, r.start, r.pos, r.end];
    out.push(`<line class="rule" x1="${n(x1)}" y1="${n(y1)}" x2="${n(x2)}" y2="${n(y2)}" stroke-width="${n(Math.max(r.thickness, 0.3))}"/>`);
  }
  out.push('</g>');
  out.push('<g class="strikes" stroke="#d00">');
  for (const r of grid.strikes) out.push(`<line class="strike" x1="${n(r.start)}" y1="${n(r.pos)}" x2="${n(r.end)}" y2="${n(r.pos)}" stroke-width="${n(Math.max(r.thickness, 0.5))}"/>`);
  out.push('</g>');
  grid.grids.forEach((table, ti) => {
    const header = findHeader(table);
    out.push(`<g class="table" data-table="${ti}">`);
    for (const c of table.cells) {
      out.push(`<rect class="cell" data-row="${c.row}" data-col="${c.col}" data-rowspan="${c.rowSpan}" data-colspan="${c.colSpan}" x="${n(c.x0 + 0.4)}" y="${n(c.top + 0.4)}" width="${n(c.x1 - c.x0 - 0.8)}" height="${n(c.bottom - c.top - 0.8)}" fill="none" stroke="#2a2" stroke-width="0.4"/>`);
      const span = c.rowSpan > 1 || c.colSpan > 1 ? ` ${c.rowSpan}x${c.colSpan}` : '';
      out.push(`<text x="${n(c.x0 + 1)}" y="${n(c.bottom - 1)}" font-size="5" fill="#2a2">${c.row},${c.col}${span}</text>`);
      // Body text under no header column, or under a column no field matches.
      if (header && c.row >= header.endRow && c.lines.length) {
        const col = header.columns.find((h) => Math.min(h.x1, c.x1) - Math.max(h.x0, c.x0) >= 0.5 * (c.x1 - c.x0));
        const color = !col ? '#e0a' : col.key === null ? '#c60' : null;
        if (color) out.push(`<rect class="${col ? 'extra' : 'unmapped'}" x="${n(c.x0)}" y="${n(c.top)}" width="${n(c.x1 - c.x0)}" height="${n(c.bottom - c.top)}" fill="${color}" fill-opacity="0.25"/>`);
      }
    }
    for (const col of header?.columns ?? []) {
      out.push(`<text class="header" x="${n(col.x0 + 1)}" y="${n(table.top - 1.5)}" font-size="7" fill="${col.key ? '#80c' : '#c60'}">${esc(col.key ?? `+${col.name}`)}</text>`);
    }
    out.push('</g>');
  });
  out.push('<g class="outside" fill="#f80" fill-opacity="0.3">');
  for (const l of grid.freeLines) out.push(`<rect x="${n(l.x0)}" y="${n(l.baseline - l.size)}" width="${n(l.x1 - l.x0)}" height="${n(l.size * 1.2)}"/>`);
  out.push('</g>');
  out.push(legend(grid.width, grid.height));
  out.push('</svg>');
  return out.join('\n') + '\n';
}

/** An HTML page that shows the SVGs of a --debug folder one at a time (arrow keys or links to page through). */
export function debugIndexHtml(svgs: string[]): string {
  const list = JSON.stringify(svgs);
  return `<!doctype html>
<html lang="ja"><meta charset="utf-8"><title>plan-extract --debug</title>
<style>body{font-family:sans-serif;margin:0}nav{position:sticky;top:0;background:#eee;padding:6px 10px}img{display:block;max-width:100%;height:auto;border-top:1px solid #ccc}</style>
<nav><button id="prev">&larr;</button> <button id="next">&rarr;</button> <span id="name"></span>
 <select id="pick"></select></nav><img id="page" alt="">
<script>
const svgs = ${list};
let i = 0;
const show = (k) => { i = (k + svgs.length) % svgs.length; page.src = svgs[i]; name.textContent = (i + 1) + ' / ' + svgs.length + '  ' + svgs[i]; pick.value = svgs[i]; location.hash = svgs[i]; };
for (const s of svgs) pick.add(new Option(s, s));
pick.onchange = () => show(svgs.indexOf(pick.value));
prev.onclick = () => show(i - 1);
next.onclick = () => show(i + 1);
addEventListener('keydown', (e) => { if (e.key === 'ArrowLeft') show(i - 1); if (e.key === 'ArrowRight') show(i + 1); });
show(Math.max(0, svgs.indexOf(decodeURIComponent(location.hash.slice(1)))));
</script>
</html>
`;
}

/** Writes DIR/index.html over the SVGs the run wrote into DIR. */
export function writeDebugIndex(dir: string): void {
  const svgs = fs.readdirSync(dir).filter((f) => f.endsWith('.svg')).sort();
  writeFileAtomic(path.join(dir, 'index.html'), debugIndexHtml(svgs));
}
