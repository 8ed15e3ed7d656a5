import type { TextSegment } from '../schema.js';
import { mapBox, toFrame, type Glyph } from '../geometry.js';
import { normalizeChar } from './normalize.js';

/** Appends text to a segment list, extending the last segment when it has the same strike flag. */
export function appendSegment(segments: TextSegment[], text: string, struck: boolean): void {
  if (!text) return;
  const last = segments[segments.length - 1];
  if (last && last.struck === struck) last.text += text;
  else segments.push({ text, struck });
}

/** One printed line inside a cell. */
export interface TextLine {
  segments: TextSegment[];
  x0: number;
  x1: number;
  baseline: number;
  size: number;
  /** Where the text of this line could have reached before wrapping (the cell's inner right edge). */
  wrapRight: number;
  /** The cell's left edge. */
  cellLeft: number;
  /** The line was drawn with a blank at its end (a word-wrapping layout broke it after a word). */
  trailingBlank: boolean;
  /** Width of the first unbreakable token (a Latin word, or one character). */
  firstTokenWidth: number;
  /** Width of the first character with what may not be parted from it (kinsoku: "5%", "(市"). */
  firstCharWidth: number;
}

/**
 * Glyphs whose baselines differ by less than this share of the font size are one line:
 * the same line can mix sizes and fonts whose baselines differ by rounding.
 */
const SAME_LINE = 0.5;

/** A gap wider than this share of the font size between two glyphs on a line reads as a space. */
const SPACE_GAP = 0.6;

/**
 * The same character drawn again less than this share of its own advance width further on is
 * one character: some producers fake bold by drawing text twice, a fraction of a point apart.
 * A doubled letter (ll, ff, 11, //) starts a whole advance further on and stays.
 */
const DUPLICATE_SHARE = 0.3;

/** Whether g is prev drawn a second time (fake bold), not the same character written twice. */
function drawnTwice(prev: Glyph, g: Glyph): boolean {
  const tolerance = DUPLICATE_SHARE * Math.max(prev.x1 - prev.x0, 0.01);
  return g.text === prev.text && Math.abs(g.x0 - prev.x0) < tolerance && Math.abs(g.baseline - prev.baseline) < tolerance;
}

/**
 * A blank that the next character starts inside of, by more than this share of the font size, did
 * not move the pen: it is not printed space. LibreOffice Writer writes the spacing it adds between
 * Latin and CJK characters of struck text as a blank with the next character drawn back over it
 * (a blank in "30 回" where "30回" is printed); a typed blank ends where the next character starts.
 */
const OVERLAPPED_BLANK = 0.05;

/**
 * For each glyph of a line (sorted left to right), where the next glyph that is not a blank
 * starts (Infinity after the last): one pass from the right, whatever the number of blanks.
 */
function nextInkStarts(group: Glyph[]): Float64Array {
  const starts = new Float64Array(group.length);
  let next = Infinity;
  for (let i = group.length - 1; i >= 0; i--) {
    starts[i] = next;
    if (!/\s/.test(group[i].text)) next = group[i].x0;
  }
  return starts;
}

/** Characters a strike drawn in pieces may leave out between two struck parts of one correction. */
const STRIKE_BRIDGE = /^[\s,、，.．・()（）\[\]「」『』]$/u;

/**
 * The struck flag of each glyph of a line (sorted left to right), with the blanks, commas and
 * brackets between two struck glyphs counted as struck: a strike drawn as several segments
 * ("~~114,140~~" "~~枚(4割減)~~") is one correction.
 */
function bridgedStrikes(line: Glyph[]): boolean[] {
  const struck = line.map((g) => g.struck);
  if (!struck.includes(true)) return struck;
  let lastStruck = -1;
  line.forEach((g, i) => {
    if (!g.struck) return;
    if (lastStruck >= 0 && i - lastStruck > 1 && line.slice(lastStruck + 1, i).every((h) => STRIKE_BRIDGE.test(h.text))) {
      for (let k = lastStruck + 1; k < i; k++) struck[k] = true;
    }
    lastStruck = i;
  });
  return struck;
}

/** A cell's box, or the page's for text outside every table. */
export interface TextBox {
  x0: number;
  top: number;
  x1: number;
  bottom: number;
}

/**
 * Groups a cell's glyphs into lines and builds their text segments. Text that does not run left
 * to right (a header cell turned 90°, vertical writing) is read in its own frame, after the
 * upright text.
 */
export function glyphsToLines(glyphs: Glyph[], box: TextBox): TextLine[] {
  if (!glyphs.some((g) => g.frame)) return uprightLines(glyphs, box.x0, box.x1);
  const byDir = new Map<number, Glyph[]>();
  for (const g of glyphs) {
    const dir = g.frame?.dir ?? 0;
    const list = byDir.get(dir) ?? byDir.set(dir, []).get(dir)!;
    list.push(g.frame ? { ...g, ...g.frame } : g);
  }
  const lines: TextLine[] = [];
  for (const dir of [...byDir.keys()].sort((a, b) => a - b)) {
    const inFrame = mapBox((x, y) => toFrame(dir, x, y), box.x0, box.top, box.x1, box.bottom);
    for (const line of uprightLines(byDir.get(dir)!, inFrame.x0, inFrame.x1)) lines.push(line);
  }
  return lines;
}

/** Adds text to the run being collected, first closing it into a segment when the strike flag changes. */
function addToRun(segments: TextSegment[], run: { list: string[]; struck: boolean }, text: string, struck: boolean): void {
  if (struck !== run.struck) {
    appendSegment(segments, run.list.join(''), run.struck);
    run.list = [];
    run.struck = struck;
  }
  run.list.push(text);
}

/** Groups glyphs into lines top to bottom and builds their text segments. */
function uprightLines(glyphs: Glyph[], cellX0: number, cellX1: number): TextLine[] {
  const sorted = [...glyphs].sort((a, b) => a.baseline - b.baseline || a.x0 - b.x0);
  const groups: Glyph[][] = [];
  for (const g of sorted) {
    const last = groups[groups.length - 1];
    if (last && Math.abs(g.baseline - last[0].baseline) < SAME_LINE * Math.max(g.size, last[0].size)) last.push(g);
    else groups.push([g]);
  }
  const lines: TextLine[] = [];
  for (const group of groups) {
    group.sort((a, b) => a.x0 - b.x0);
    const segments: TextSegment[] = [];
    const ink: Glyph[] = [];
    // Runs of one strike flag are collected as arrays and joined once: a string grown one
    // character at a time is a deep rope that costs far more memory than its text.
    const runs = { list: [] as string[], struck: false };
    let prev: Glyph | null = null;
    let prevSpace = false;
    const struck = bridgedStrikes(group);
    const inkStarts = nextInkStarts(group);
    for (let i = 0; i < group.length; i++) {
      const g = group[i];
      if (prev && drawnTwice(prev, g)) continue;
      const space = g.text === ' ' || /\s/.test(g.text);
      if (space && inkStarts[i] < g.x1 - OVERLAPPED_BLANK * g.size) continue; // a blank drawn over: not printed space
      if (prev && !space && !prevSpace && g.x0 - prev.x1 > SPACE_GAP * g.size) addToRun(segments, runs, ' ', struck[i - 1] && struck[i]);
      addToRun(segments, runs, normalizeChar(g.text), struck[i]);
      if (!space) ink.push(g);
      prev = g;
      prevSpace = space;
    }
    appendSegment(segments, runs.list.join(''), runs.struck);
    const trimmed = trimSegments(segments);
    if (!trimmed.length) continue;
    // Loops, not Math.max(...list): a hostile line can hold more glyphs than a call takes arguments.
    const size = group.reduce((m, g) => Math.max(m, g.size), -Infinity);
    lines.push({
      segments: trimmed,
      x0: ink.reduce((m, g) => Math.min(m, g.x0), Infinity),
      x1: ink.reduce((m, g) => Math.max(m, g.x1), -Infinity),
      baseline: group[0].baseline,
      size,
      wrapRight: cellX1,
      cellLeft: cellX0,
      trailingBlank: prevSpace,
      firstTokenWidth: firstTokenWidth(ink),
      firstCharWidth: firstCharWidth(ink),
    });
  }
  // The inner right edge mirrors the left padding: text starts that far from the left rule.
  if (lines.length) {
    const pad = Math.max(0, lines.reduce((m, l) => Math.min(m, l.x0), Infinity) - cellX0);
    for (const l of lines) l.wrapRight = cellX1 - pad;
  }
  return lines;
}

/** Characters that may not start a line (JIS X 4051 kinsoku): a wrap moves them with the character before. */
const NO_LINE_START = /[)）\]］｝〕〉》」』】、。，．,.・：:；;！!？?ー々ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ%％]/u;

/** Characters that may not end a line: a wrap moves them with the character after. */
const NO_LINE_END = /[(（\[［｛〔〈《「『【“‘]/u;

/**
 * Width of what a wrap would have moved to the next line: opening brackets, then a Latin word
 * or number or one character, then the punctuation that may not start a line. Some line
 * breakers (LibreOffice's among them) also keep a number with the punctuation before it.
 */
function firstTokenWidth(ink: Glyph[]): number {
  if (!ink.length) return 0;
  const latin = /[A-Za-z0-9.,%'-]/;
  let k = 0;
  while (k + 1 < ink.length && NO_LINE_END.test(ink[k].text)) k++;
  if (latin.test(ink[k].text)) while (k + 1 < ink.length && latin.test(ink[k + 1].text)) k++;
  while (k + 1 < ink.length && NO_LINE_START.test(ink[k + 1].text)) {
    k++;
    if (/[、，,]/.test(ink[k].text)) while (k + 1 < ink.length && /[0-9]/.test(ink[k + 1].text)) k++;
  }
  return ink[k].x1 - ink[0].x0;
}

/** Width of the first character together with the brackets before it and the punctuation after it that a line break may not part from it. */
function firstCharWidth(ink: Glyph[]): number {
  if (!ink.length) return 0;
  let k = 0;
  while (k + 1 < ink.length && NO_LINE_END.test(ink[k].text)) k++;
  while (k + 1 < ink.length && NO_LINE_START.test(ink[k + 1].text)) k++;
  return ink[k].x1 - ink[0].x0;
}

function trimSegments(segments: TextSegment[]): TextSegment[] {
  const out = segments.map((s) => ({ ...s, text: s.text.replace(/\s+/g, ' ') }));
  while (out.length && !out[0].text.trimStart()) out.shift();
  while (out.length && !out[out.length - 1].text.trimEnd()) out.pop();
  if (out.length) {
    out[0].text = out[0].text.trimStart();
    out[out.length - 1].text = out[out.length - 1].text.trimEnd();
  }
  return out;
}

/** A line that starts a new item whatever came before: circled number, note mark, (1). */
const ITEM_START = /^(?:[※＊]|[\u2460-\u2473\u3251-\u325F\u32B1-\u32BF\u2776-\u277F\u24EB-\u24F4]|[(（][0-9０-９一二三四五六七八九十]{1,2}[)）])/u;

/**
 * Marks that also occur inside a sentence ("満足・やや満足", "サービス)"): they start an item
 * only after a line that ended short or closed a sentence.
 */
const WEAK_ITEM_START = /^(?:[・•●○◎◆◇■□▪▫★☆]|[0-9０-９]{1,2}[.．、](?![0-9０-９])|[ア-ン][.．、)）])/u;

/** Sentence or item ends after which a short line is a paragraph end. */
const LINE_END = /[。．.！!？?」』)）:：]$/u;

/**
 * Joins a cell's lines the way the text was written: wrapped lines are joined with nothing
 * between CJK characters and one space between Latin words; a line break is kept where a
 * new item starts or where the previous line ended short of the cell's edge (a forced break).
 */
export function joinLines(lines: TextLine[]): TextSegment[] {
  const out: TextSegment[] = [];
  const push = (text: string, struck: boolean) => appendSegment(out, text, struck);
  lines.forEach((line, i) => {
    if (i > 0) {
      const prev = lines[i - 1];
      const sep = separator(prev, line);
      const prevStruck = prev.segments[prev.segments.length - 1].struck;
      const nextStruck = line.segments[0].struck;
      push(sep, sep !== '\n' && prevStruck && nextStruck);
    }
    for (const s of line.segments) push(s.text, s.struck);
  });
  return out;
}

function lineText(l: TextLine): string {
  return l.segments.map((s) => s.text).join('');
}

/**
 * Slack (share of the font size) for the test whether a line is full, that is, whether the next
 * line's first character would not have fitted at its end: justification and rounding move line
 * ends by a fraction of a point.
 */
const FULL_LINE_SLACK = 0.1;

/**
 * A line that starts more than this many font sizes right of its cell's left edge was placed on
 * its own (right-aligned or centred), not filled from the left: cell paddings stay under an em.
 */
const PLACED_INDENT = 2;

/** Characters written without spaces between words: kana, kanji, CJK punctuation and full-width forms. */
const CJK = /[\u2E80-\u9FFF\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFFEF\u3000-\u303F\u2460-\u24FF\u25A0-\u27BF\u203B]/u;

function separator(prev: TextLine, next: TextLine): string {
  const a = lineText(prev);
  const b = lineText(next);
  if (ITEM_START.test(b)) return '\n';
  // A correction printed as the struck old value on one line and the new value on the next.
  if (prev.segments[prev.segments.length - 1].struck && !next.segments[0].struck) return '\n';
  const room = prev.wrapRight - prev.x1;
  // The next line's first token would have fitted (with a character's slack for kinsoku and
  // justification): the writer broke the line, it did not wrap.
  const short = room > next.firstTokenWidth + 1.2 * prev.size;
  if (WEAK_ITEM_START.test(b) && (short || LINE_END.test(a))) return '\n';
  if (short && (LINE_END.test(a) || room > next.firstTokenWidth + 2 * prev.size)) return '\n';
  if (CJK.test(a.slice(-1)) || CJK.test(b.charAt(0))) return '';
  // Latin text and numbers: a full line wrapped (inside a word, as break-all layouts do, or at
  // a blank the layout dropped); a line that ended short broke at a word boundary.
  const full = room < next.firstCharWidth + FULL_LINE_SLACK * prev.size && !prev.trailingBlank;
  if (full && prev.x0 - prev.cellLeft > PLACED_INDENT * prev.size) return '\n'; // two values stacked, right-aligned or centred
  return full ? '' : ' ';
}

/**
 * The text without its struck parts. The blank that separated a struck value from the value that
 * replaces it ("~~35%~~ 45%") goes with the struck value.
 */
export function unstruckText(segments: TextSegment[]): string {
  let out = '';
  let afterStruck = false;
  for (const s of segments) {
    if (s.struck) {
      afterStruck = true;
      continue;
    }
    out += afterStruck ? s.text.replace(/^[ \t\u3000]+/, '') : s.text;
    afterStruck = false;
  }
  return out;
}

export function segmentsText(segments: TextSegment[]): string {
  return segments.map((s) => s.text).join('');
}

/** The printed text with struck parts marked ~~x~~. */
export function segmentsPrinted(segments: TextSegment[]): string {
  return segments.map((s) => (s.struck ? `~~${s.text}~~` : s.text)).join('');
}
