import type { Glyph } from '../geometry.js';
import type { Rule } from './rules.js';

/**
 * A strike-through line crosses glyphs in the middle of their height. Measured from the
 * baseline in ems: strike lines sit at 0.25–0.4 em, underlines at or below the baseline,
 * overlines and the bottom border of the row above near the ascent (0.88 em). The band
 * is widened to 0.12–0.7 em for fonts whose x-height differs.
 */
const STRIKE_BAND_LOW = 0.12;
const STRIKE_BAND_HIGH = 0.7;

/** At least this share of a strike line's length lies over glyphs it crosses. */
const MIN_COVERAGE = 0.5;


/**
 * A line ending within this distance (points) of a vertical rule, beyond half the two lines'
 * thicknesses, is attached to it: borders end on the rule they meet (or overshoot it a little),
 * while a strike stops where the text stops, a cell padding (1.5–3 pt) away from the rule.
 */
const ATTACH_TOLERANCE = 0.5;

export function crossesMiddle(line: Rule, g: Glyph): boolean {
  const above = g.baseline - line.pos; // height of the line above the baseline
  return above >= STRIKE_BAND_LOW * g.size && above <= STRIKE_BAND_HIGH * g.size;
}

/** A visible upright character: strikes cross text that runs left to right. */
function isInk(g: Glyph): boolean {
  return !g.frame && !/\s/.test(g.text);
}

function attachedToVertical(line: Rule, x: number, verticals: Rule[]): boolean {
  return verticals.some((v) => {
    const tol = ATTACH_TOLERANCE + (v.thickness + line.thickness) / 2;
    return Math.abs(v.pos - x) <= tol && line.pos >= v.start - tol && line.pos <= v.end + tol;
  });
}

/**
 * Splits horizontal lines into strike-through lines and table rules, and returns the
 * indices of the glyphs that are struck.
 */
export function findStrikes(horizontals: Rule[], verticals: Rule[], glyphs: Glyph[]): { rules: Rule[]; strikes: Rule[]; struck: Set<number> } {
  const rules: Rule[] = [];
  const strikes: Rule[] = [];
  const struck = new Set<number>();
  // Length of strike lines over glyphs whose centre no single line reaches: a strike drawn in
  // pieces may join under a glyph.
  const partly = new Map<number, number>();
  // Glyphs sorted by x0 for a cheap window query, built when the first line needs it.
  let order: number[] | null = null;
  let maxWidth = 0;
  for (const line of horizontals) {
    // A line joining two vertical rules is a border, whatever it crosses: text that overflows a
    // tight row runs under the border below it.
    if (attachedToVertical(line, line.start, verticals) && attachedToVertical(line, line.end, verticals)) {
      rules.push(line);
      continue;
    }
    if (!order) {
      order = glyphs.map((_, i) => i).filter((i) => isInk(glyphs[i])).sort((a, b) => glyphs[a].x0 - glyphs[b].x0);
      for (const g of glyphs) maxWidth = Math.max(maxWidth, g.x1 - g.x0);
    }
    const crossed: number[] = [];
    const touched: [number, number][] = [];
    let covered = 0;
    for (let k = firstAtOrAfter(order, glyphs, line.start - maxWidth); k < order.length && glyphs[order[k]].x0 <= line.end; k++) {
      const i = order[k];
      const g = glyphs[i];
      const overlap = Math.min(g.x1, line.end) - Math.max(g.x0, line.start);
      if (overlap <= 0 || !crossesMiddle(line, g)) continue;
      covered += overlap;
      const centre = (g.x0 + g.x1) / 2;
      if (centre >= line.start && centre <= line.end) crossed.push(i);
      else touched.push([i, overlap]);
    }
    const length = line.end - line.start;
    if (crossed.length && covered >= MIN_COVERAGE * length) {
      strikes.push(line);
      for (const i of crossed) struck.add(i);
      for (const [i, overlap] of touched) partly.set(i, (partly.get(i) ?? 0) + overlap);
    } else {
      rules.push(line);
    }
  }
  for (const [i, overlap] of partly) if (overlap >= 0.5 * (glyphs[i].x1 - glyphs[i].x0)) struck.add(i);
  return { rules, strikes, struck };
}

/** Position in `order` (glyph indices sorted by x0) of the first glyph whose x0 is at least `from`. */
function firstAtOrAfter(order: number[], glyphs: Glyph[], from: number): number {
  let lo = 0;
  let hi = order.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (glyphs[order[mid]].x0 < from) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
