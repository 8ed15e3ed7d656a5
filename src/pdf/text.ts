import { multiply, type Glyph, type Matrix } from '../geometry.js';
import { isWide } from '../text/normalize.js';

/** The fields of a pdf.js TextItem that we use. */
export interface TextItemLike {
  str: string;
  transform: number[];
  width: number;
  fontName: string;
}

export interface FontStyleLike {
  ascent?: number;
  descent?: number;
  vertical?: boolean;
}

/**
 * Splits pdf.js text items into per-character glyph boxes in page space.
 * pdf.js gives one advance width per item; characters are placed by their expected
 * advance (1 em for wide characters, the rest shared among narrow ones), which is exact
 * for monospaced CJK runs and close for proportional Latin ones.
 */
export function glyphsFromTextItems(items: TextItemLike[], styles: Record<string, FontStyleLike>, base: Matrix): Glyph[] {
  const glyphs: Glyph[] = [];
  for (const item of items) {
    if (!item.str) continue;
    const style = styles[item.fontName] ?? {};
    if (style.vertical) continue; // vertical writing does not occur in these tables
    const m = multiply(base, item.transform as Matrix);
    // Only upright text: rotated runs (page stamps, vertical labels) are not table content.
    if (Math.abs(m[1]) > 1e-3 || Math.abs(m[2]) > 1e-3 || m[0] <= 0) continue;
    const size = Math.abs(m[3]);
    if (!(size > 0)) continue;
    const scaleX = m[0] / Math.abs(item.transform[0] || m[0]);
    const width = item.width * (Number.isFinite(scaleX) ? scaleX : 1);
    const ascent = style.ascent && style.ascent > 0 ? style.ascent : 0.88;
    const descent = style.descent && style.descent < 0 ? -style.descent : 0.12;
    const chars = Array.from(item.str);
    const advances = estimateAdvances(chars, width, m[0]);
    let x = m[4];
    const baseline = m[5];
    for (let k = 0; k < chars.length; k++) {
      const adv = advances[k];
      const ch = chars[k];
      // pdf.js inserts a space item to fill a gap between runs; its width says nothing about a real space.
      if (!(/\s/.test(ch) && adv > 1.1 * size)) {
        glyphs.push({ text: ch, x0: x, x1: x + adv, top: baseline - ascent * size, bottom: baseline + descent * size, baseline, size, struck: false });
      }
      x += adv;
    }
  }
  return glyphs;
}

function estimateAdvances(chars: string[], width: number, em: number): number[] {
  const wide = chars.map(isWide);
  const nWide = wide.filter(Boolean).length;
  const nNarrow = chars.length - nWide;
  if (nNarrow === 0 || nWide === 0) return chars.map(() => width / chars.length);
  const narrow = (width - nWide * em) / nNarrow;
  if (narrow >= 0.15 * em && narrow <= 0.8 * em) return wide.map((w) => (w ? em : narrow));
  const unit = width / (nWide + 0.5 * nNarrow);
  return wide.map((w) => (w ? unit : unit / 2));
}
