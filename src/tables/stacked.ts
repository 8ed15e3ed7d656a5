import type { TextLine } from '../text/lines.js';

/**
 * Text written vertically (縦書き) in a narrow header cell by a producer that places each upright
 * character on its own, with no vertical font (LibreOffice Writer): the characters stand in a grid
 * one em apart both ways and read in columns from the right, each from the top. Read by lines,
 * two such columns are garbled ("状進" / "況捗" for 進捗状況).
 */

/** Stacked characters stand one em apart; this share of the font size is rounding. */
const EM_SLACK = 0.15;

/** A header holds a few words (see header.ts): no more columns than this are read. */
const MAX_COLUMNS = 20;

/** Characters set one em wide in a vertical column: kana, kanji, full-width forms. */
const FULL_WIDTH = /^[\u3040-\u30FF\u3400-\u9FFF\uF900-\uFAFF\uFF01-\uFF60]$/u;

/**
 * The text of a cell's lines read as vertical columns, right to left, each top to bottom; null
 * when the lines are not such a grid: at least two lines of full-width characters, one em apart
 * along each line and from one line to the next.
 */
export function stackedReading(lines: TextLine[]): string | null {
  if (lines.length < 2) return null;
  const size = lines[0].size;
  const near = (a: number, b: number) => Math.abs(a - b) <= EM_SLACK * size;
  const right = lines.reduce((m, l) => Math.max(m, l.x1), -Infinity);
  const columns: string[][] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const chars = Array.from(line.segments.map((s) => s.text).join(''));
    if (!near(line.size, size) || !chars.every((c) => FULL_WIDTH.test(c)) || !near(line.x1 - line.x0, chars.length * size)) return null;
    if (i > 0 && !near(line.baseline - lines[i - 1].baseline, size)) return null;
    // How many columns from the right this line's last character stands.
    const offset = Math.round((right - line.x1) / size);
    if (!(offset + chars.length <= MAX_COLUMNS)) return null;
    chars.forEach((c, j) => (columns[offset + chars.length - 1 - j] ??= []).push(c));
  }
  return Array.from(columns, (column) => (column ?? []).join('')).join('');
}
