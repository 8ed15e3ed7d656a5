import { describe, expect, it } from 'vitest';
import type { Glyph } from '../src/geometry.js';
import { glyphsToLines, joinLines, segmentsPrinted, segmentsText } from '../src/text/lines.js';
import { repairText } from '../src/text/repair.js';
import { normalizeChar } from '../src/text/normalize.js';

/** A text as the pipeline normalises it, character by character. */
const normalizeText = (s: string) => Array.from(s, normalizeChar).join('');
import { textLine } from './helpers/primitives.js';

describe('normalizeText', () => {
  it('maps CJK radicals and compatibility ideographs to unified ideographs', () => {
    expect(normalizeText('市⺠部')).toBe('市民部');
    expect(normalizeText('⽬標値')).toBe('目標値');
    expect(normalizeText('部⻑')).toBe('部長');
    expect(normalizeText('⼾籍')).toBe('戸籍'); // the Japanese form, as Japanese fonts draw it
    expect(normalizeText('\uF900')).toBe('\u8C48');
  });

  it('normalizes full-width ASCII only, never kana or kanji', () => {
    expect(normalizeText('１２３ＡＢＣ（＃）')).toBe('123ABC(#)');
    expect(normalizeText('ｶﾀｶﾅ・カタカナ・漢字')).toBe('ｶﾀｶﾅ・カタカナ・漢字');
    expect(normalizeText('①②※')).toBe('①②※');
  });

  it('turns the one-dot leader into the bullet and the wave dash into a tilde', () => {
    expect(normalizeText('‧項目')).toBe('・項目');
    expect(normalizeText('7〜9月')).toBe('7~9月');
    expect(normalizeText('7～9月')).toBe('7~9月');
  });
});

const lines = (rows: [string, number][], size = 6): Glyph[] =>
  rows.flatMap(([t, x], i) => textLine(t, x, 10 + i * 8, size).map((g) => ({ ...g, struck: false })));

describe('joining wrapped lines', () => {
  const join = (rows: [string, number][], right = 62) => segmentsText(joinLines(glyphsToLines(lines(rows), { x0: 0, top: 0, x1: right, bottom: 100 })));

  it('joins CJK lines with nothing between them', () => {
    expect(join([['あいうえおかきくけこ', 2], ['さしす', 2]])).toBe('あいうえおかきくけこさしす');
  });

  // Cell 0–62: text runs from 2 to 60. Wide characters are 6 wide, narrow ones 3.
  it('joins Latin words with one space where a line ended short of the edge (a word-wrapping layout)', () => {
    // "あいうえおかきThe" ends at 53: 7 to spare, "YORIAL" (18) did not fit, its "Y" (3) would have.
    expect(join([['あいうえおかきThe', 2], ['YORIAL', 2]])).toBe('あいうえおかきThe YORIAL');
    // 30 to spare, "19.12.2009" (30) needs a little more; 10 to spare, "(1/km)" too wide.
    expect(join([['2.12.2009 to', 2], ['19.12.2009', 2]], 70)).toBe('2.12.2009 to 19.12.2009');
    expect(join([['Sample KI', 2], ['(1/km)', 2]], 41)).toBe('Sample KI (1/km)');
  });

  it('joins a word or number wrapped inside itself on a full line with nothing (a break-all layout)', () => {
    // 1 to spare, less than "R" (3).
    expect(join([['あいうえおかきくけこさしP', 2], ['Rしていきます', 2]], 80)).toBe('あいうえおかきくけこさしPRしていきます');
    expect(join([['あいうえおかきくけ4', 2], ['5%です', 2]])).toBe('あいうえおかきくけ45%です');
  });

  it('keeps a kinsoku unit whole: a digit moved with the % after it was a wrap', () => {
    // 4 to spare: "5" alone (3) would fit, "5%" (6) would not.
    expect(join([['あいうえおかきくけこさ4', 2], ['5%です', 2]], 77)).toBe('あいうえおかきくけこさ45%です');
  });

  it('keeps two numbers stacked in a cell apart, right-aligned or centred', () => {
    expect(join([['7,723,293', 35], ['7,793,704', 35]])).toBe('7,723,293\n7,793,704');
  });

  it('keeps a break where a new item starts', () => {
    expect(join([['①あいうえおかきくけ', 2], ['②さしす', 2], ['・たち', 2], ['※なに', 2], ['(1)はひ', 2]])).toBe('①あいうえおかきくけ\n②さしす\n・たち\n※なに\n(1)はひ');
  });

  it('keeps a break after a line that ended short of the cell edge', () => {
    expect(join([['あいうえ。', 2], ['かきくけこさしすせそ', 2]])).toBe('あいうえ。\nかきくけこさしすせそ');
  });

  it('does not break where kinsoku moved a character and its closing bracket to the next line', () => {
    // "(市" fits, "民)" may not be split: the line ends 1.5 em short.
    expect(join([['あいうえおかき(市', 2], ['民)です', 2]], 62 + 9)).toBe('あいうえおかき(市民)です');
  });
});

describe('text hygiene', () => {
  it('drops control characters and zero-width marks, and expands Latin ligatures', () => {
    expect(normalizeText('A\u0007B\u200BC\uFEFF')).toBe('ABC');
    expect(normalizeText('\uFB01le')).toBe('file');
  });
});

describe('line breaks around corrections', () => {
  it('keeps the struck old value and the new value on their own lines', () => {
    const glyphs = [...textLine('114,140枚', 2, 10), ...textLine('84,970枚', 2, 18)].map((g, i) => ({ ...g, struck: i < 8 }));
    expect(segmentsPrinted(joinLines(glyphsToLines(glyphs, { x0: 0, top: 0, x1: 60, bottom: 100 })))).toBe('~~114,140枚~~\n84,970枚');
  });
});

describe('text drawn twice', () => {
  it('reads characters drawn again a fraction of a point away (fake bold) once', () => {
    const once = textLine('部課名', 2, 10);
    const twice = [...once, ...once.map((g) => ({ ...g, x0: g.x0 + 0.4, x1: g.x1 + 0.4, baseline: g.baseline - 0.2 }))];
    expect(segmentsText(joinLines(glyphsToLines(twice, { x0: 0, top: 0, x1: 100, bottom: 100 })))).toBe('部課名');
    // a real repeated character stays: one em apart
    expect(segmentsText(joinLines(glyphsToLines(textLine('々々', 2, 10), { x0: 0, top: 0, x1: 100, bottom: 100 })))).toBe('々々');
  });

  it('keeps doubled narrow letters, one advance apart', () => {
    // An "l" 1.3 wide: the second one starts 1.3 further on, the fake-bold copy 0.2 further on.
    const l = (x: number) => ({ ...textLine('l', x, 10)[0], x1: x + 1.3 });
    const glyphs = [...textLine('I', 2, 10), l(5), l(6.3), l(6.5), ...textLine('iterate', 7.8, 10)];
    expect(segmentsText(joinLines(glyphsToLines(glyphs, { x0: 0, top: 0, x1: 100, bottom: 100 })))).toBe('Illiterate');
    expect(segmentsText(joinLines(glyphsToLines([...textLine('821-37//2013', 2, 10), ...textLine('第II期', 2, 20)], { x0: 0, top: 0, x1: 100, bottom: 100 })))).toBe('821-37//2013\n第II期');
  });
});

describe('blanks that are not printed space', () => {
  // As LibreOffice Writer prints "①~~30回~~40回" (7 pt; positions from its PDF): the spacing it adds between
  // Latin and CJK characters of the struck text comes as a blank, drawn twice, that the next character
  // starts 0.5 pt inside of.
  const at = (text: string, x0: number, x1: number, struck: boolean): Glyph => ({ ...textLine(text, x0, 10, 7)[0], x1, struck });
  const glyphs = [
    at('①', 312.5, 319.5, false), at('3', 319.5, 323.83, true), at('0', 323.8, 328.12, true),
    at(' ', 328.0, 330.03, false), at(' ', 328.0, 330.03, false), at('回', 329.5, 336.5, true),
    at(' ', 336.4, 338.43, false), at(' ', 336.4, 338.43, false), at('4', 337.9, 342.23, false), at('0', 342.2, 346.52, false), at('回', 348.0, 355.0, false),
  ];
  const box = { x0: 310, top: 0, x1: 400, bottom: 20 };

  it('drops a blank that the next character overlaps', () => {
    expect(segmentsPrinted(joinLines(glyphsToLines(glyphs, box)))).toBe('①~~30回~~40回');
  });

  it('reads a line of 100,000 blanks in one pass, not one per blank', () => {
    // Blanks 1.1 pt apart (not one blank drawn twice), each looking ahead for the next character.
    const blanks = Array.from({ length: 100_000 }, (_, i): Glyph => textLine(' ', 312 + i * 1.1, 10, 7)[0]);
    const line = [...textLine('率', 300, 10, 7), ...blanks, ...textLine('5', 312 + 100_000 * 1.1 + 10, 10, 7)];
    expect(segmentsText(joinLines(glyphsToLines(line, { x0: 290, top: 0, x1: 200_000, bottom: 20 })))).toBe('率 5');
  });

  it('keeps a typed blank, which ends where the next character starts', () => {
    const typed = [...textLine('NPO', 312, 10, 7), at(' ', 322.5, 324.5, false), ...textLine('法人', 324.5, 10, 7)];
    expect(segmentsText(joinLines(glyphsToLines(typed, box)))).toBe('NPO 法人');
  });
});

describe('text that is not text', () => {
  it('removes control characters and replaces lone surrogates where glyph text enters, counting the repairs', () => {
    expect(repairText('a\u0000b\u0007c')).toEqual({ text: 'abc', repaired: 2 });
    expect(repairText('\uD800x')).toEqual({ text: '\uFFFDx', repaired: 1 });
    expect(repairText('12個\uD83D')).toEqual({ text: '12個\uFFFD', repaired: 1 });
    expect(repairText('😀')).toEqual({ text: '😀', repaired: 0 });
    expect(repairText('市民課 A-1')).toEqual({ text: '市民課 A-1', repaired: 0 });
    expect(repairText('\u0085\uDC00')).toEqual({ text: '\uFFFD', repaired: 2 });
  });
});
