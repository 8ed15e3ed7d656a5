import type { ValueParser } from '../records/parts.js';
import { needsTokenizer, parseValue } from './parse.js';
import { getTokenizer } from './tokenizer.js';

/** The value parser used by the pipeline: the tokenizer is loaded only when a value needs it. */
export const parseValueLazily: ValueParser = async (text) => parseValue(text, needsTokenizer(text) ? await getTokenizer() : null);

/** Starts loading the dictionary in the background; see tokenizerPrefetcher in extract.ts. */
export function prefetchTokenizer(): void {
  getTokenizer().catch(() => {
    // A failed prefetch is retried, and reported, by the first value that needs the tokenizer.
  });
}
