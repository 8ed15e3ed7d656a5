import { createRequire } from 'node:module';
import zlib from 'node:zlib';
import { readDictionary, readDictionarySync, type PreparedDictionary } from './dictionary-files.js';
import { POS_CLASSES, POS_TABLE_GZ, POS_WORDS, UNKNOWN_DICTIONARY_GZ } from './pos-table.js';

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

/** The parts of kuromoji's own (untyped) classes used here. */
interface KuromojiDictionaries {
  loadTrie(base: Int32Array, check: Int32Array): void;
  token_info_dictionary: { loadDictionary(b: Uint8Array): void; target_map: unknown };
  unknown_dictionary: { getFeatures(id: string): string };
  loadConnectionCosts(cc: Int16Array): void;
  loadUnknownDictionaries(unk: Uint8Array, pos: Uint8Array, map: Uint8Array, cat: Uint8Array, compat: Uint32Array, invoke: Uint8Array): void;
}
interface ViterbiNode {
  name: string | number;
  type: 'KNOWN' | 'UNKNOWN' | 'USER';
  start_pos: number;
  surface_form: string;
}
interface KuromojiTokenizer {
  getLattice(sentence: string): unknown;
  viterbi_searcher: { search(lattice: unknown): ViterbiNode[] };
}
interface KuromojiTokenizerClass {
  new (dic: KuromojiDictionaries): KuromojiTokenizer;
  splitByPunctuation(text: string): string[];
}

// The files of kuromoji's dictionary this tokenizer reads are DICTIONARY_FILES: tid_pos.dat is
// replaced by the part of speech table of pos-table.ts, the unknown-word files (unk*.dat) by their
// contents kept there.

let loaded: Tokenizer | null = null;
let prefetched: Promise<PreparedDictionary | null> | null = null;
let loads = 0;

/** How many times the dictionary was loaded in this process (0 or 1); for tests and benchmarks. */
export function tokenizerLoadCount(): number {
  return loads;
}

/**
 * Starts reading the dictionary on libuv's threads (from its cache, or inflating it), beside this
 * thread's work (the pages being read): the tokenizer built on first use then only assembles it.
 */
export function prefetchTokenizer(): Promise<void> {
  if (loaded || prefetched) return prefetched?.then(() => undefined) ?? Promise.resolve();
  prefetched = readDictionary().catch(
    () => null, // read again, and the failure reported, by the first value that needs the tokenizer
  );
  return prefetched.then(() => undefined);
}

/** An unknown-word file as pos-table.ts keeps it. */
const unknownFile = (name: keyof typeof UNKNOWN_DICTIONARY_GZ) => new Uint8Array(zlib.gunzipSync(Buffer.from(UNKNOWN_DICTIONARY_GZ[name], 'base64')));

/**
 * tid_map (surface id → word ids) as kuromoji's lattice builder asks for it, `map[surfaceId]`,
 * answered by a binary search of the prepared index instead of kuromoji's object of 390,000 arrays
 * (about 150 MB of heap and most of its load time).
 */
function targetMap({ tidMap, tidMapKeys: keys, tidMapStarts: starts }: PreparedDictionary): Record<number, number[] | undefined> {
  const lookup = (key: number): number[] | undefined => {
    let lo = 0;
    let hi = keys.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (keys[mid] === key) return Array.from(tidMap.subarray(starts[mid], starts[mid] + tidMap[starts[mid] - 1]));
      if (keys[mid] < key) lo = mid + 1;
      else hi = mid - 1;
    }
    return undefined;
  };
  return new Proxy({}, { get: (_, prop) => (typeof prop === 'string' ? lookup(Number(prop)) : undefined) });
}

/** kuromoji's dictionary objects over the prepared dictionary (dictionary-files.ts). */
function dictionaries(Dictionaries: new () => KuromojiDictionaries, d: PreparedDictionary): KuromojiDictionaries {
  const dic = new Dictionaries();
  dic.loadTrie(d.base, d.check);
  dic.token_info_dictionary.loadDictionary(d.tid);
  dic.token_info_dictionary.target_map = targetMap(d);
  dic.loadConnectionCosts(d.cc);
  // Cut, unk_invoke.dat gives only its real character classes: kuromoji reads on to the end of the
  // buffer and, on the padding, adds empty classes that no character maps to.
  const compat = unknownFile('unk_compat');
  dic.loadUnknownDictionaries(
    unknownFile('unk'), unknownFile('unk_pos'), unknownFile('unk_map'), unknownFile('unk_char'),
    new Uint32Array(compat.buffer, compat.byteOffset, compat.length >> 2), unknownFile('unk_invoke'),
  );
  return dic;
}

/**
 * kuromoji's tokenize (Tokenizer.tokenize and tokenizeForSentence, kuromoji 0.1.2) with the part of
 * speech of a known word taken from POS_CLASSES; a known word's surface is the text its trie
 * matched, which kuromoji reads back from the dictionary. Positions are kuromoji's own, including
 * its rule for the sentences after the first (the previous token's position plus the offset).
 */
function tokenizerOver(kuromoji: KuromojiTokenizer, split: (text: string) => string[], unknown: KuromojiDictionaries['unknown_dictionary']): Tokenizer {
  const classes = POS_CLASSES.map((c) => c.split(','));
  const classOf = zlib.gunzipSync(Buffer.from(POS_TABLE_GZ, 'base64'));
  if (classOf.length !== POS_WORDS) throw new Error('the part-of-speech table does not match its word count');
  return {
    tokenize(text: string): Token[] {
      const tokens: Token[] = [];
      let position = 0;
      for (const sentence of split(text)) {
        const last = position;
        for (const node of kuromoji.viterbi_searcher.search(kuromoji.getLattice(sentence))) {
          const at = last + node.start_pos;
          const features = node.type === 'KNOWN' ? classes[classOf[Number(node.name) / 10]] : unknown.getFeatures(String(node.name)).split(',').slice(1, 4);
          tokens.push({ surface: node.surface_form, pos: features[0], pos1: features[1], pos2: features[2], start: at - 1 });
          position = at;
        }
      }
      return tokens;
    },
  };
}

/**
 * The tokenizer, built on first use from the prefetched dictionary or, without a prefetch, by
 * reading it now (25 MB from the cache; without one, a third of a second to inflate), and kept
 * for the life of the process or worker. Synchronous, so that the stages using it stay plain
 * functions.
 */
export function getTokenizer(): Tokenizer {
  if (loaded) return loaded;
  return buildTokenizer(readDictionarySync());
}

/** The tokenizer once the prefetch (if any) is done: what a caller that can wait uses. */
export async function tokenizerReady(): Promise<void> {
  if (loaded || !prefetched) return;
  const dictionary = await prefetched;
  if (dictionary && !loaded) buildTokenizer(dictionary);
}

function buildTokenizer(dictionary: PreparedDictionary): Tokenizer {
  const require = createRequire(import.meta.url);
  const Dictionaries = require('kuromoji/src/dict/DynamicDictionaries.js') as new () => KuromojiDictionaries;
  const KuromojiTokenizer = require('kuromoji/src/Tokenizer.js') as KuromojiTokenizerClass;
  const dic = dictionaries(Dictionaries, dictionary);
  loads++;
  loaded = tokenizerOver(new KuromojiTokenizer(dic), KuromojiTokenizer.splitByPunctuation, dic.unknown_dictionary);
  prefetched = null;
  return loaded;
}
