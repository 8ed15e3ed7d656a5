import { createRequire } from 'node:module';
import path from 'node:path';

/** A morpheme as the value parser needs it. */
export interface Token {
  surface: string;
  /** 品詞 and its first two sub-categories, e.g. 名詞 / 接尾 / 助数詞. */
  pos: string;
  pos1: string;
  pos2: string;
  /** 0-based offset in the text. */
  start: number;
}

export interface Tokenizer {
  tokenize(text: string): Token[];
}

let loading: Promise<Tokenizer> | null = null;
let loads = 0;

/** How many times the dictionary was loaded in this process (0 or 1); for tests and benchmarks. */
export function tokenizerLoadCount(): number {
  return loads;
}

/**
 * The kuromoji tokenizer, built on first use and kept for the life of the process (or worker):
 * its dictionary takes about a second and several hundred MB to load.
 */
export function getTokenizer(): Promise<Tokenizer> {
  loading ??= new Promise<Tokenizer>((resolve, reject) => {
    const require = createRequire(import.meta.url);
    const kuromoji = require('kuromoji') as typeof import('kuromoji');
    const dicPath = path.join(path.dirname(require.resolve('kuromoji/package.json')), 'dict');
    loads++;
    kuromoji.builder({ dicPath }).build((err, tk) => {
      if (err) {
        loading = null;
        reject(err);
        return;
      }
      resolve({
        tokenize(text: string): Token[] {
          return tk.tokenize(text).map((t) => ({
            surface: t.surface_form,
            pos: t.pos,
            pos1: t.pos_detail_1,
            pos2: t.pos_detail_2,
            start: t.word_position - 1,
          }));
        },
      });
    });
  });
  return loading;
}
