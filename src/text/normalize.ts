import { RADICAL_TO_IDEOGRAPH } from './radicals-table.js';

/**
 * Text as a reader expects it. Fonts often map glyphs to CJK radicals (U+2E80–U+2FDF) or
 * compatibility ideographs (U+F900–U+FAFF) instead of the unified ideograph, and the bullet
 * "・" to U+2027. Width normalization (NFKC) is applied to full-width ASCII only: digits,
 * Latin letters and punctuation; kana and kanji are never changed.
 */
export function normalizeChar(ch: string): string {
  const cp = ch.codePointAt(0)!;
  if (cp >= 0x2e80 && cp <= 0x2fdf) {
    const mapped = RADICAL_TO_IDEOGRAPH.get(cp);
    if (mapped !== undefined) return String.fromCodePoint(mapped);
    return ch;
  }
  if ((cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0x2f800 && cp <= 0x2fa1f)) return ch.normalize('NFC');
  // Full-width ASCII, and Latin ligatures (ﬁ) that pdf.js leaves as they are when its own normalization is off.
  if ((cp >= 0xff01 && cp <= 0xff5e) || (cp >= 0xfb00 && cp <= 0xfb06)) return ch.normalize('NFKC');
  if (cp === 0x3000) return ' ';
  // WAVE DASH and FULLWIDTH TILDE are one character that Shift_JIS converters map differently
  // (Windows producers emit U+FF5E, others U+301C): both become "~", as NFKC makes U+FF5E.
  if (cp === 0x301c) return '~';
  if (cp === 0x2027 || cp === 0xff65) return '・';
  if (cp === 0x00a0) return ' ';
  // Control characters and zero-width marks carry nothing a reader sees.
  if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || cp === 0x200b || cp === 0xfeff || cp === 0x00ad) return '';
  return ch;
}

/** Characters that must never reach the output (see normalizeChar). */
export const FORBIDDEN_CHARS = /[\u2E80-\u2FDF\uF900-\uFAFF\u2027]/u;

/** A private-use character: the Private Use Area of the BMP and the supplementary private use planes 15 and 16. */
export const PRIVATE_USE = /[\uE000-\uF8FF\u{F0000}-\u{10FFFF}]/u;
