import type { ValueParser } from '../records/parts.js';
import { needsTokenizer, parseValue } from './parse.js';
import { getTokenizer } from './tokenizer.js';

/** The value parser used by the pipeline: the tokenizer is loaded only when a value needs it. */
export const parseValueLazily: ValueParser = async (text) => parseValue(text, needsTokenizer(text) ? await getTokenizer() : null);
