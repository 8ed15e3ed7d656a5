import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import zlib from 'node:zlib';

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

/** The parts of kuromoji's own (untyped) dictionary and tokenizer classes used here. */
interface KuromojiDictionaries {
  loadTrie(base: Int32Array, check: Int32Array): void;
  token_info_dictionary: { loadDictionary(b: Uint8Array): void; loadPosVector(b: Uint8Array): void; target_map: unknown };
  loadConnectionCosts(cc: Int16Array): void;
  loadUnknownDictionaries(unk: Uint8Array, pos: Uint8Array, map: Uint8Array, cat: Uint8Array, compat: Uint32Array, invoke: Uint8Array): void;
}
interface KuromojiToken {
  surface_form: string;
  pos: string;
  pos_detail_1: string;
  pos_detail_2: string;
  word_position: number;
}

let loaded: Tokenizer | null = null;
let loads = 0;

/** How many times the dictionary was loaded in this process (0 or 1); for tests and benchmarks. */
export function tokenizerLoadCount(): number {
  return loads;
}

/** A dictionary file of kuromoji, decompressed in one piece (its size is in the gzip trailer). */
function readDictionaryFile(dir: string, name: string): Buffer {
  const packed = fs.readFileSync(path.join(dir, name));
  const size = packed.readUInt32LE(packed.length - 4);
  return zlib.gunzipSync(packed, { chunkSize: Math.max(64 * 1024, size + 1) });
}

/**
 * kuromoji's files are padded with zeros to a power of two (tid_pos.dat: 36 of 42 MB used, unk.dat:
 * 398 bytes of 10 MB). Its byte reader returns 0 past the end of a buffer, so cutting trailing
 * zeros changes no read.
 */
function withoutPadding(b: Buffer): Uint8Array {
  let n = b.length;
  while (n > 0 && b[n - 1] === 0) n--;
  return new Uint8Array(b.buffer, b.byteOffset, n);
}

/** A view of a buffer as 32- or 16-bit integers (copied when the buffer is not aligned for them). */
function int32s(b: Buffer): Int32Array {
  return b.byteOffset % 4 === 0 ? new Int32Array(b.buffer, b.byteOffset, b.length >> 2) : new Int32Array(new Uint8Array(b).buffer);
}
function int16s(b: Buffer): Int16Array {
  return b.byteOffset % 2 === 0 ? new Int16Array(b.buffer, b.byteOffset, b.length >> 1) : new Int16Array(new Uint8Array(b).buffer);
}

/**
 * tid_map.dat (surface id → token ids) as kuromoji reads it, but kept in three typed arrays with a
 * binary search instead of kuromoji's object of 390,000 arrays (about 150 MB of heap and most of
 * its load time). Answers the one question kuromoji's lattice builder asks: `map[surfaceId]`.
 */
function compactTargetMap(b: Buffer): Record<number, number[] | undefined> {
  const view = new DataView(b.buffer, b.byteOffset, b.length);
  const count = view.getInt32(0, true);
  const keys = new Int32Array(count);
  const offsets = new Int32Array(count + 1);
  const values = new Int32Array(b.length >> 2);
  let at = 4;
  let n = 0;
  let k = 0;
  for (; k < count && at + 8 <= b.length; k++) {
    keys[k] = view.getInt32(at, true);
    const size = view.getInt32(at + 4, true);
    at += 8;
    offsets[k] = n;
    for (let i = 0; i < size; i++, at += 4) values[n++] = view.getInt32(at, true);
  }
  offsets[k] = n;
  const lookup = (key: number): number[] | undefined => {
    let lo = 0;
    let hi = k - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (keys[mid] === key) return Array.from(values.subarray(offsets[mid], offsets[mid + 1]));
      if (keys[mid] < key) lo = mid + 1;
      else hi = mid - 1;
    }
    return undefined;
  };
  return new Proxy({}, { get: (_, prop) => (typeof prop === 'string' ? lookup(Number(prop)) : undefined) });
}

/** kuromoji's tokenizer over its own dictionary, loaded by the function above: same data, same lattice, same answers. */
function loadKuromoji(): { tokenize(text: string): KuromojiToken[] } {
  const require = createRequire(import.meta.url);
  const dir = path.join(path.dirname(require.resolve('kuromoji/package.json')), 'dict');
  const Dictionaries = require('kuromoji/src/dict/DynamicDictionaries.js') as new () => KuromojiDictionaries;
  const KuromojiTokenizer = require('kuromoji/src/Tokenizer.js') as new (dic: KuromojiDictionaries) => { tokenize(text: string): KuromojiToken[] };
  const read = (name: string) => readDictionaryFile(dir, name);
  const dic = new Dictionaries();
  dic.loadTrie(int32s(read('base.dat.gz')), int32s(read('check.dat.gz')));
  const words = dic.token_info_dictionary;
  words.loadDictionary(withoutPadding(read('tid.dat.gz')));
  words.loadPosVector(withoutPadding(read('tid_pos.dat.gz')));
  words.target_map = compactTargetMap(read('tid_map.dat.gz'));
  dic.loadConnectionCosts(int16s(read('cc.dat.gz')));
  const compat = read('unk_compat.dat.gz');
  dic.loadUnknownDictionaries(
    withoutPadding(read('unk.dat.gz')),
    withoutPadding(read('unk_pos.dat.gz')),
    withoutPadding(read('unk_map.dat.gz')),
    new Uint8Array(read('unk_char.dat.gz')),
    new Uint32Array(new Uint8Array(compat).buffer),
    // Not cut: the reader of unk_invoke.dat reads on to the end of its buffer, padding included.
    new Uint8Array(read('unk_invoke.dat.gz')),
  );
  return new KuromojiTokenizer(dic);
}

/**
 * The kuromoji tokenizer, loaded on first use (about 0.2 s and 70 MB) and kept for the life of the
 * process or worker. Loading is synchronous, so that the stages using it stay plain functions.
 */
export function getTokenizer(): Tokenizer {
  if (loaded) return loaded;
  loads++;
  const kuromoji = loadKuromoji();
  loaded = {
    tokenize(text: string): Token[] {
      return kuromoji.tokenize(text).map((t) => ({
        surface: t.surface_form,
        pos: t.pos,
        pos1: t.pos_detail_1,
        pos2: t.pos_detail_2,
        start: t.word_position - 1,
      }));
    },
  };
  return loaded;
}
