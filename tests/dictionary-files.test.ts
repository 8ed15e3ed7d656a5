import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import zlib from 'node:zlib';
import { decodeDictionary, dictionaryCacheDir, readDictionary, readDictionarySync, targetMapIndex, trieLength, withoutPadding, type PreparedDictionary } from '../src/values/dictionary-files.js';

const PARTS = ['base', 'check', 'tid', 'tidMap', 'tidMapKeys', 'tidMapStarts', 'cc'] as const satisfies readonly (keyof PreparedDictionary)[];
const bytesOf = (a: ArrayBufferView) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

const kuromojiVersion = JSON.parse(fs.readFileSync(path.join('node_modules', 'kuromoji', 'package.json'), 'utf8')).version as string;
const dirs: string[] = [];
const tempDir = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dict-cache-'));
  dirs.push(dir);
  return dir;
};

afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('the cache of the inflated value dictionary', () => {
  it('is in PLAN_EXTRACT_CACHE_DIR, XDG_CACHE_HOME or ~/.cache, a folder per kuromoji version; none when set empty', () => {
    expect(dictionaryCacheDir({ PLAN_EXTRACT_CACHE_DIR: '' })).toBeNull();
    expect(dictionaryCacheDir({ PLAN_EXTRACT_CACHE_DIR: '/c' })).toBe(`/c/kuromoji-${kuromojiVersion}`);
    expect(dictionaryCacheDir({ XDG_CACHE_HOME: '/x' })).toBe(`/x/plan-extract/kuromoji-${kuromojiVersion}`);
    expect(dictionaryCacheDir({})).toBe(path.join(os.homedir(), '.cache', 'plan-extract', `kuromoji-${kuromojiVersion}`));
  });

  it('keeps one prepared copy named after the files\' CRC-32s, reads it back, and replaces a cut one', async () => {
    const cache = tempDir();
    // Older versions kept the inflated files: they are removed when the prepared copy is written.
    fs.mkdirSync(cache, { recursive: true });
    fs.writeFileSync(path.join(cache, 'tid-0123abcd.dat'), 'old');
    const fresh = readDictionarySync(null);
    const first = await readDictionary(cache);
    const copies = fs.readdirSync(cache);
    expect(copies).toHaveLength(1);
    expect(copies[0]).toMatch(/^dictionary-[0-9a-f]{40}\.bin$/);
    for (const part of PARTS) expect(bytesOf(first[part]).equals(bytesOf(fresh[part])), part).toBe(true);

    // The copy is read, not prepared again: a marked copy comes back as it is (the first byte of
    // the trie's base array follows the 4-byte magic and seven 4-byte lengths).
    const copy = path.join(cache, copies[0]);
    const marked = fs.readFileSync(copy);
    marked[32] ^= 0xff;
    fs.writeFileSync(copy, marked);
    expect(bytesOf((await readDictionary(cache)).base)[0]).toBe(marked[32]);
    expect(bytesOf(readDictionarySync(cache).base)[0]).toBe(marked[32]);

    // A cut copy is not taken: the files are inflated again and the copy written whole.
    fs.truncateSync(copy, 1000);
    const again = await readDictionary(cache);
    expect(bytesOf(again.base).equals(bytesOf(fresh.base))).toBe(true);
    expect(fs.statSync(copy).size).toBe(marked.length);
    expect(decodeDictionary(fs.readFileSync(copy))).not.toBeNull();
  });

  it('is prepared as kuromoji would read it: the trie cut where its loader cuts it, padding dropped, the word map indexed', () => {
    // kuromoji's trie loader keeps the arrays up to the last node in use (check >= 0) and one after it.
    expect(trieLength(Int32Array.from([5, -1, 3, -2, -3, -4]))).toBe(4);
    expect(trieLength(Int32Array.from([5, -1, 3, 0]))).toBe(4);
    expect(Array.from(withoutPadding(Uint8Array.from([1, 0, 2, 0, 0])))).toEqual([1, 0, 2]);
    const padded = new Uint8Array(3 * 4096 + 10);
    padded[4096 + 7] = 9;
    expect(withoutPadding(padded).length).toBe(4096 + 8);
    // tid_map: a count, then per surface id: id, n, n word ids.
    const { keys, starts } = targetMapIndex(Int32Array.from([2, 7, 2, 100, 101, 9, 1, 102]));
    expect(Array.from(keys)).toEqual([7, 9]);
    expect(Array.from(starts)).toEqual([3, 7]);
    // A count beyond the file: only the whole entries.
    expect(Array.from(targetMapIndex(Int32Array.from([3, 7, 1, 100, 9])).keys)).toEqual([7]);

    // On kuromoji's own files: the trie as its loader leaves it.
    const require = createRequire(import.meta.url);
    const doublearray = createRequire(require.resolve('kuromoji/package.json'))('doublearray') as { load(base: Int32Array, check: Int32Array): { bc: { getBaseBuffer(): Int32Array; getCheckBuffer(): Int32Array } } };
    const dir = path.join(path.dirname(require.resolve('kuromoji/package.json')), 'dict');
    const inflated = (name: string) => zlib.gunzipSync(fs.readFileSync(path.join(dir, `${name}.dat.gz`)));
    const int32s = (b: Buffer) => new Int32Array(b.buffer, b.byteOffset, b.length >> 2);
    const trie = doublearray.load(int32s(inflated('base')), int32s(inflated('check')));
    const prepared = readDictionarySync(null);
    expect(bytesOf(prepared.base).equals(bytesOf(trie.bc.getBaseBuffer()))).toBe(true);
    expect(bytesOf(prepared.check).equals(bytesOf(trie.bc.getCheckBuffer()))).toBe(true);
  });

  it('reads the dictionary all the same where the cache cannot be written', async () => {
    const blocked = path.join(tempDir(), 'a-file');
    fs.writeFileSync(blocked, '');
    const dictionary = await readDictionary(path.join(blocked, 'cache'));
    expect(bytesOf(dictionary.tid).equals(bytesOf(readDictionarySync(null).tid))).toBe(true);
  });
});
