import type { ColumnKey, Part, Revision, TextSegment, Value, WarningDraft } from '../schema.js';
import { segmentsPrinted, unstruckText } from '../text/lines.js';
import { directionOf, indicatorHeadText, tokenize, type Direction, type ValueParser } from '../values/index.js';

/** A part label at the start of a line: ①…⑳, ㉑…㊿, (1)…(99). */
const LABEL = /^(?:[\u2460-\u2473\u3251-\u325F\u32B1-\u32BF]|[(（][0-9]{1,2}[)）])/u;
const BULLET = /^[・•]\s*/u;
const NOTE = /^[※＊*]/u;

interface Line {
  segments: TextSegment[];
  printed: string;
  current: string;
}

/** The lines of one cell that belong to one part (①, ②…, or the unlabeled part). */
export interface Block {
  label: string | null;
  lines: Line[];
  notes: string[];
}

function splitLines(segments: TextSegment[]): Line[] {
  const lines: TextSegment[][] = [[]];
  for (const s of segments) {
    const pieces = s.text.split('\n');
    pieces.forEach((p, i) => {
      if (i > 0) lines.push([]);
      if (p) lines[lines.length - 1].push({ text: p, struck: s.struck });
    });
  }
  return lines
    .map((segs) => ({
      segments: segs,
      printed: segmentsPrinted(segs).trim(),
      current: unstruckText(segs).replace(/\s+/g, ' ').trim(),
    }))
    .filter((l) => l.printed !== '');
}

function plainText(line: Line): string {
  return line.segments.map((s) => s.text).join('').trim();
}

/** Strips the part label and bullet at the start of a line's text. */
export function stripLabel(text: string): string {
  return text.replace(LABEL, '').replace(BULLET, '').trim();
}

/** Splits a cell into blocks by part label; ※ lines are notes of the block they follow; a repeated label (a corrected value) joins its first block. */
export function splitBlocks(segments: TextSegment[]): Block[] {
  const blocks: Block[] = [];
  let cur: Block | null = null;
  for (const line of splitLines(segments)) {
    const text = plainText(line);
    if (NOTE.test(line.current) && line.current === text) {
      if (!cur) blocks.push((cur = { label: null, lines: [], notes: [] }));
      cur.notes.push(line.current);
      continue;
    }
    const label = LABEL.exec(text)?.[0] ?? null;
    if (label !== null) {
      const normalized = normalizeLabel(label);
      cur = blocks.find((b) => b.label === normalized) ?? null;
      if (!cur) blocks.push((cur = { label: normalized, lines: [], notes: [] }));
    } else if (!cur) {
      blocks.push((cur = { label: null, lines: [], notes: [] }));
    }
    cur.lines.push(line);
  }
  return blocks;
}

function normalizeLabel(label: string): string {
  return label.replace(/[（]/g, '(').replace(/[）]/g, ')');
}

/** Current text of a block: labels and bullets stripped, lines kept. */
export function blockCurrent(block: Block): string {
  return block.lines.map((l) => stripLabel(l.current)).filter(Boolean).join('\n');
}

/** Struck text of a block, joined. */
export function blockStruck(block: Block): string {
  return block.lines.flatMap((l) => l.segments.filter((s) => s.struck).map((s) => s.text.trim())).filter(Boolean).join(' ');
}

/**
 * Revisions of one cell with their meaning: the part they belong to, the text that replaced
 * the struck text and the ※ note printed with them.
 */
export function cellRevisions(field: ColumnKey, segments: TextSegment[], withParts: boolean): Revision[] {
  const printed = segmentsPrinted(segments);
  const out: Revision[] = [];
  for (const block of splitBlocks(segments)) {
    block.lines.forEach((line, li) => {
      line.segments.forEach((s, si) => {
        const struck = s.text.trim();
        if (!s.struck || !struck) return;
        const before = stripLabel(line.segments.slice(0, si).filter((x) => !x.struck).map((x) => x.text).join(''));
        const after = line.segments.slice(si + 1).filter((x) => !x.struck).map((x) => x.text).join('').trim();
        let current: string | null;
        if (before) current = stripLabel(line.current) || null;
        else if (after) current = after;
        else current = block.lines.slice(li + 1).map((l) => stripLabel(l.current)).find(Boolean) ?? null;
        out.push({ field, struck, printed, part: withParts ? block.label : null, current, note: block.notes.length ? block.notes.join('\n') : null });
      });
    });
  }
  return out;
}

export interface PartColumns {
  indicator: TextSegment[] | null;
  target: TextSegment[] | null;
  actual: TextSegment[] | null;
}

export interface PartContext {
  page: number;
  department: string;
  rank: number | null;
}

/** Aligns the ①②③ parts of 指標, 目標値 and 実績値 by label, never by position. */
export function buildParts(cols: PartColumns, parse: ValueParser, warnings: WarningDraft[], ctx: PartContext): Part[] {
  const blocks = {
    indicator: cols.indicator ? splitBlocks(cols.indicator) : [],
    target: cols.target ? splitBlocks(cols.target) : [],
    actual: cols.actual ? splitBlocks(cols.actual) : [],
  };
  const labels: (string | null)[] = [];
  for (const list of [blocks.indicator, blocks.target, blocks.actual]) {
    for (const b of list) if (!labels.includes(b.label)) labels.push(b.label);
  }
  const labelled = labels.some((l) => l !== null);
  const ordered = labels.filter((l) => l !== null).sort(compareLabels) as (string | null)[];
  if (labels.includes(null) || !labelled) ordered.unshift(null);

  const parts: Part[] = [];
  for (const label of ordered) {
    const find = (field: 'indicator' | 'target' | 'actual') => {
      const b = blocks[field].find((x) => x.label === label) ?? null;
      if (!b && blocks[field].length && label !== null) {
        warnings.push({ code: 'MISSING_PART', message: `part ${label} is not in the ${field} column`, page: ctx.page, department: ctx.department, rank: ctx.rank, field });
      }
      if (b && label === null && labelled && (b.lines.length > 0)) {
        warnings.push({ code: 'UNLABELED_PART', message: `text without a part label among labelled parts in the ${field} column`, page: ctx.page, department: ctx.department, rank: ctx.rank, field });
      }
      return b;
    };
    const ind = find('indicator');
    const tgt = find('target');
    const act = find('actual');
    const value = (block: Block | null, field: 'target' | 'actual'): Value | null => {
      if (!block) return null;
      try {
        return blockValue(block, parse);
      } catch (err) {
        // One value the analyser cannot read does not fail the document: it is kept as text.
        warnings.push({ code: 'VALUE_UNPARSED', message: `value could not be analysed (${(err as Error)?.message ?? err}); kept as text`, page: ctx.page, department: ctx.department, rank: ctx.rank, field });
        return { text: blockCurrent(block), number: null, unit: null, kind: 'text', qualifier: null, items: null, previous: null, note: null };
      }
    };
    const target = value(tgt, 'target');
    const actual = value(act, 'actual');
    const indicator = ind ? blockCurrent(ind) || null : null;
    // A part made only of a note (an unlabeled ※ line next to labelled parts) carries no data of its own.
    if (label === null && labelled && !indicator && !target && !actual) continue;
    const direction = partDirection(indicator, target);
    parts.push({
      label,
      indicator,
      indicatorNote: ind && ind.notes.length ? ind.notes.join('\n') : null,
      target,
      actual,
      direction,
      ...assess(direction, target, actual),
    });
  }
  return parts;
}

function labelNumber(l: string): number {
  const cp = l.codePointAt(0)!;
  if (cp >= 0x2460 && cp <= 0x2473) return cp - 0x2460 + 1;
  if (cp >= 0x3251 && cp <= 0x325f) return cp - 0x3251 + 21;
  if (cp >= 0x32b1 && cp <= 0x32bf) return cp - 0x32b1 + 36;
  return Number(l.replace(/\D/g, '')) || 0;
}

function compareLabels(a: string | null, b: string | null): number {
  return labelNumber(a ?? '') - labelNumber(b ?? '');
}

function blockValue(block: Block, parse: ValueParser): Value | null {
  const text = blockCurrent(block);
  const note = block.notes.length ? block.notes.join('\n') : null;
  if (!text && !note) return null;
  const struck = blockStruck(block);
  let previous: Value | null = struck ? { ...parse(stripLabel(struck)), previous: null, note: null } : null;
  if (!text) return { text: '', number: null, unit: null, kind: 'text', qualifier: null, items: null, previous, note };
  const value = parse(text);
  // A struck number printed without its unit has the unit of the value that replaced it ("~~62~~104時間").
  if (previous && previous.number !== null && previous.unit === null && value.unit !== null) previous = { ...previous, unit: value.unit, kind: value.kind };
  return { ...value, previous, note };
}

/** Whether a value is on the good side of a bound or target, as the bound is printed ("未満" is strict). */
function reached(direction: Direction, target: number, actual: number, qualifier: string | null): boolean {
  if (/未満/u.test(qualifier ?? '')) return actual < target;
  if (/超/u.test(qualifier ?? '')) return actual > target;
  return direction === 'lower' ? actual <= target : actual >= target;
}

/**
 * achievement and met for one part; see README "Achievement". Both are null when the direction
 * of improvement is not known or the values are not numbers in one unit.
 */
export function assess(direction: Direction | null, target: Value | null, actual: Value | null): { achievement: number | null; met: boolean | null } {
  if (!target || !actual || !actual.text || !target.text) return { achievement: null, met: null };
  if (target.items && actual.items) return assessItems(direction, target.items, actual.items, target.qualifier);
  if (target.number !== null && actual.number !== null) {
    if (baseUnit(target.unit) !== baseUnit(actual.unit) || direction === null) return { achievement: null, met: null };
    return compare(direction, target.number, actual.number, target.qualifier);
  }
  if (target.number === null && actual.number === null && (target.kind === 'done' || target.kind === 'text')) {
    const t = target.text.replace(/\s/g, '');
    const a = actual.text.replace(/\s/g, '');
    // A qualitative target is met when the result repeats it ("実施" / "実施", "…委員会の開催" / "開催").
    if (a && (t === a || t.endsWith(a) || a.endsWith(t))) return { achievement: null, met: true };
  }
  return { achievement: null, met: null };
}

/** A unit without its scale word: "万円" and "円" compare (the numbers are in yen both). */
function baseUnit(unit: string | null): string | null {
  return unit === null ? null : unit.replace(/^(?:百万|十万|万|千|億)(?=.)/u, '');
}

function compare(direction: Direction, target: number, actual: number, qualifier: string | null): { achievement: number | null; met: boolean } {
  // A target of zero (0件 of accidents) has no ratio either way.
  const ratio = target === 0 ? null : direction === 'lower' ? (actual === 0 ? null : target / actual) : actual / target;
  return { achievement: ratio === null ? null : Math.round(ratio * 10000) / 10000, met: reached(direction, target, actual, qualifier) };
}

/** Several labelled targets: each compared with the result of the same label; met only when every one is. */
function assessItems(direction: Direction | null, targets: NonNullable<Value['items']>, actuals: NonNullable<Value['items']>, qualifier: string | null): { achievement: number | null; met: boolean | null } {
  if (direction === null) return { achievement: null, met: null };
  const results = targets.map((t) => {
    const a = actuals.find((x) => x.label === t.label);
    return a && baseUnit(a.unit) === baseUnit(t.unit) ? compare(direction, t.number, a.number, qualifier).met : null;
  });
  return { achievement: null, met: results.includes(null) ? null : results.every(Boolean) };
}

/**
 * Whether the printed result clearly reached its target: the result rounded to the precision the
 * target is printed with (44.5% against 45% is 45%: reached; 44.4% is not). Null when it cannot be told.
 */
export function clearlyReached(part: Part): boolean | null {
  const { target, actual, direction } = part;
  if (part.met === null) return null;
  if (!target || !actual || target.number === null || actual.number === null || direction === null) return part.met;
  const decimals = (String(target.number).split('.')[1] ?? '').length;
  const scale = 10 ** decimals;
  return reached(direction, target.number, Math.round(actual.number * scale) / scale, target.qualifier);
}

/** The direction of improvement of a part with a numeric target; null for a qualitative one. */
function partDirection(indicator: string | null, target: Value | null): Direction | null {
  if (!target || (target.number === null && !target.items)) return null;
  try {
    const tokens = indicator ? tokenize(indicatorHeadText(indicator)) : null;
    return directionOf({ indicator, tokens, targetText: target.text, targetQualifier: target.qualifier });
  } catch {
    return null; // an indicator the analyser cannot read: the direction is not known
  }
}
