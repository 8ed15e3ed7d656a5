import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import zlib from 'node:zlib';
import { POS_CLASSES, POS_TABLE_GZ, POS_WORDS, UNKNOWN_DICTIONARY_GZ } from '../src/values/pos-table.js';
import { getTokenizer, type Token } from '../src/values/tokenizer.js';

// The value parser's tokenizer loads kuromoji's dictionary its own way (in one piece, padding cut,
// the surface map in typed arrays). kuromoji stays the authority: on every text here both must
// give the same morphemes, with the same parts of speech, at the same offsets.

interface KuromojiToken {
  surface_form: string;
  pos: string;
  pos_detail_1: string;
  pos_detail_2: string;
  word_position: number;
}

let kuromoji: {
  tokenize(text: string): KuromojiToken[];
  token_info_dictionary: { getFeatures(id: string): string };
};

beforeAll(async () => {
  const require = createRequire(import.meta.url);
  const builder = require('kuromoji') as typeof import('kuromoji');
  const dicPath = path.join(path.dirname(require.resolve('kuromoji/package.json')), 'dict');
  kuromoji = await new Promise((resolve, reject) => builder.builder({ dicPath }).build((err, tk) => (err ? reject(err) : resolve(tk))));
}, 120_000);

const asToken = (t: KuromojiToken): Token => ({ surface: t.surface_form, pos: t.pos, pos1: t.pos_detail_1, pos2: t.pos_detail_2, start: t.word_position - 1 });

/** Every line of every cell of the hand-checked sample truth, plus texts chosen to reach the unknown-word and punctuation paths. */
function corpus(): string[] {
  const truth = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'samples-truth.json'), 'utf8'));
  const texts = new Set<string>();
  const walk = (v: unknown) => {
    if (typeof v === 'string') {
      for (const line of v.replace(/~~/g, '').split('\n')) if (line.trim()) texts.add(line);
    } else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(truth);
  for (const t of [
    '30%/年(対2022年度比)', '114,140枚(4割減)', '▲3.5ポイント', 't-CO2 1,234', 'kWh/年', '円/㎡', 'g/人日', '令和6年3月までに導入',
    'ｶﾀｶﾅと半角ｶﾅ', '𠮷野家の𩸽', '😀絵文字😀', 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', '１２３４５６７８９０', '、。、。', '「」『』【】', 'ー〜～―', '\u3000全角空白\u3000', '',
  ]) texts.add(t);
  return [...texts];
}

describe('the tables generated from kuromoji (scripts/gen-pos-table.mjs)', () => {
  it('give every word of the dictionary the part of speech kuromoji gives it', () => {
    const table = zlib.gunzipSync(Buffer.from(POS_TABLE_GZ, 'base64'));
    expect(table.length).toBe(POS_WORDS);
    const wrong: number[] = [];
    for (let w = 0; w < POS_WORDS; w++) {
      if (kuromoji.token_info_dictionary.getFeatures(String(w * 10)).split(',').slice(1, 4).join(',') !== POS_CLASSES[table[w]]) wrong.push(w);
    }
    expect(wrong).toEqual([]);
    // Past the last word, kuromoji's word file holds only its padding.
    const dict = path.join(path.dirname(createRequire(import.meta.url).resolve('kuromoji/package.json')), 'dict');
    const tid = zlib.gunzipSync(fs.readFileSync(path.join(dict, 'tid.dat.gz')));
    expect(tid.subarray(POS_WORDS * 10).every((b) => b === 0)).toBe(true);
  });

  it('keep the unknown-word dictionary as kuromoji has it, padding aside', () => {
    const dict = path.join(path.dirname(createRequire(import.meta.url).resolve('kuromoji/package.json')), 'dict');
    for (const [name, packed] of Object.entries(UNKNOWN_DICTIONARY_GZ)) {
      const ours = zlib.gunzipSync(Buffer.from(packed, 'base64'));
      const theirs = zlib.gunzipSync(fs.readFileSync(path.join(dict, `${name}.dat.gz`)));
      expect(ours.length).toBeGreaterThan(0);
      expect(theirs.subarray(0, ours.length).equals(ours)).toBe(true);
      expect(theirs.subarray(ours.length).every((b) => b === 0)).toBe(true);
    }
  });
});

describe('the tokenizer', () => {
  it('loads kuromoji once and agrees with kuromoji on every text of the samples and on unusual ones', () => {
    const ours = getTokenizer();
    const texts = corpus();
    expect(texts.length).toBeGreaterThan(400);
    const disagreeing = texts.filter((t) => JSON.stringify(ours.tokenize(t)) !== JSON.stringify(kuromoji.tokenize(t).map(asToken)));
    expect(disagreeing).toEqual([]);
    expect(getTokenizer()).toBe(ours);
  });

  it('gives the parts of speech the value parser reads', () => {
    expect(getTokenizer().tokenize('35団体')).toEqual([
      { surface: '35', pos: '名詞', pos1: '数', pos2: '*', start: 0 },
      { surface: '団体', pos: '名詞', pos1: '一般', pos2: '*', start: 2 },
    ]);
  });
});
