import { needsTokenizer, parseValue, type PrintedValue } from './parse.js';
import { getTokenizer, prefetchTokenizer, tokenizerReady, type Token } from './tokenizer.js';

export { directionOf, indicatorHeadText, type Direction } from './direction.js';

export type { PrintedValue } from './parse.js';
/** Reads the value a cell prints ("35団体", "30%/年", "実施"). */
export type ValueParser = (text: string) => PrintedValue;

/** The value parser used by the pipeline: the tokenizer is loaded only when a value needs it. */
export const parseValueText: ValueParser = (text) => parseValue(text, needsTokenizer(text) ? getTokenizer() : null);

/** The morphemes of a text; the dictionary is loaded on first use. */
export function tokenize(text: string): Token[] {
  return getTokenizer().tokenize(text);
}

/** Starts reading the dictionary in the background (the batch does so while pages are read), and waits for it. */
export { prefetchTokenizer, tokenizerReady };
