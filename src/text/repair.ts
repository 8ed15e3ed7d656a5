/**
 * Text repaired where it enters the pipeline: a damaged or careless ToUnicode map can give NUL and
 * other control characters, or half of a surrogate pair, which are not text (JSON written with a
 * lone surrogate is not valid UTF-8, and the morphological analyser fails on them).
 */

/** C0 and C1 control characters (line breaks included: a glyph never is one). */
const CONTROL = /[\u0000-\u001F\u007F-\u009F]/gu;

/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/gu;

/** Whether text has a control character or a surrogate (paired or not): only then can it need a repair. */
function mayNeedRepair(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || (c >= 0xd800 && c <= 0xdfff)) return true;
  }
  return false;
}

/** The text with control characters removed and lone surrogates replaced by U+FFFD, and how many were repaired. */
export function repairText(text: string): { text: string; repaired: number } {
  if (!mayNeedRepair(text)) return { text, repaired: 0 };
  let repaired = 0;
  const out = text
    .replace(CONTROL, () => {
      repaired++;
      return '';
    })
    .replace(LONE_SURROGATE, () => {
      repaired++;
      return '\uFFFD';
    });
  return { text: out, repaired };
}

/** Text fit for the morphological analyser: repaired, and what could not be repaired (U+FFFD) left out. */
export function analysableText(text: string): string {
  return repairText(text).text.replace(/\uFFFD/g, '');
}
