import { joinLines, segmentsText, type TextLine } from '../text/lines.js';
import { inlineTitle, titleLabel } from './header.js';

/**
 * A section title printed as lines of text above its table rather than in ruled cells: a label
 * line ("部課名：市民部市民課", "課の使命：", "課の使命") and the lines of its value that follow it.
 */
export interface FreeTitle {
  label: 'department' | 'mission';
  /** The label line first. */
  lines: TextLine[];
  /** The label line holds (the start of) the value too. */
  inline: boolean;
}

/**
 * A value line follows the line before it at most this many font sizes lower: line spacing is
 * 1–2 em; a line further down (a note, a page foot) is not part of the value.
 */
const MAX_LINE_STEP = 2;

/** The title a line of text starts, or null. */
export function startFreeTitle(line: TextLine): FreeTitle | null {
  const text = segmentsText(line.segments);
  const bare = titleLabel(text.replace(/[:：]\s*$/u, ''));
  if (bare) return { label: bare, lines: [line], inline: false };
  const inline = inlineTitle(text);
  return inline ? { label: inline.label, lines: [line], inline: true } : null;
}

/**
 * Whether the next line of text continues the title's value: a mission runs on over the lines
 * below it; a department name is one line, the one under a bare 部課名 label.
 */
export function takesLine(title: FreeTitle, line: TextLine): boolean {
  const last = title.lines[title.lines.length - 1];
  const near = line.baseline > last.baseline && line.baseline - last.baseline <= MAX_LINE_STEP * Math.max(last.size, line.size);
  if (!near) return false;
  return title.label === 'mission' || (!title.inline && title.lines.length === 1);
}

/** The title's value, its wrapped lines joined as in a cell; null for a bare label with no line under it. */
export function freeTitleValue(title: FreeTitle): string | null {
  if (!title.inline) return title.lines.length > 1 ? segmentsText(joinLines(title.lines.slice(1))) : null;
  const joined = segmentsText(joinLines(title.lines));
  return inlineTitle(joined)?.value ?? null;
}
