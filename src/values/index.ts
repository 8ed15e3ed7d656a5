import type { ValueParser } from '../records/parts.js';
import { needsTokenizer, parseValue } from './parse.js';
import { getTokenizer, type Token } from './tokenizer.js';

/** The value parser used by the pipeline: the tokenizer is loaded only when a value needs it. */
export const parseValueLazily: ValueParser = async (text) => parseValue(text, needsTokenizer(text) ? await getTokenizer() : null);

/** The morphemes of a text; the dictionary is loaded on first use. */
export async function tokenizeLazily(text: string): Promise<Token[]> {
  return (await getTokenizer()).tokenize(text);
}

/** Starts loading the dictionary in the background; see tokenizerPrefetcher in extract.ts. */
export function prefetchTokenizer(): void {
  getTokenizer().catch(() => {
    // A failed prefetch is retried, and reported, by the first value that needs the tokenizer.
  });
}
