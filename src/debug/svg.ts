import type { FilledRect } from '../geometry.js';
import type { PageGrid } from '../grid/page.js';
import { findHeader } from '../tables/assemble.js';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const n = (x: number) => (Math.round(x * 100) / 100).toString();

/**
 * An SVG picture of one page as the extractor saw it, in page points: glyph boxes (grey, struck
 * ones red), rules (blue), strike lines (red), background fills (yellow), cells (green, labelled
 * row,col and span) and the column each header cell was mapped to (purple).
 */
export function pageSvg(grid: PageGrid, fills: FilledRect[] = []): string {
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${n(grid.width * 1.5)}" height="${n(grid.height * 1.5)}" viewBox="0 0 ${n(grid.width)} ${n(grid.height)}" font-family="sans-serif">`);
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
      out.push(`<text x="${n(c.x0 + 1)}" y="${n(c.bottom - 1)}" font-size="3" fill="#2a2">${c.row},${c.col}${span}</text>`);
    }
    for (const col of header?.columns ?? []) {
      out.push(`<text class="header" x="${n(col.x0 + 1)}" y="${n(table.top - 1)}" font-size="4" fill="#80c">${esc(col.key ?? `+${col.name}`)}</text>`);
    }
    out.push('</g>');
  });
  out.push('</svg>');
  return out.join('\n') + '\n';
}
