import type { ValueParser } from '../records/parts.js';
import { needsTokenizer, parseValue } from './parse.js';
import { getTokenizer } from './tokenizer.js';

/** The value parser used by the pipeline: the tokenizer is loaded only when a value needs it. */
export const parseValueLazily: ValueParser = async (text) => parseValue(text, needsTokenizer(text) ? await getTokenizer() : null);

/**
 * Starts loading the dictionary in the background once a page shows a plan table with target or
 * result columns (their values will need it), so that its load overlaps with reading the pages.
 */
export function prefetchTokenizer(): void {
  getTokenizer().catch(() => {
    // A failed prefetch is retried, and reported, by the first value that needs the tokenizer.
  });
}
