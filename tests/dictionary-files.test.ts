import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DICTIONARY_FILES, dictionaryCacheDir, readDictionary, readDictionarySync } from '../src/values/dictionary-files.js';

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

  it('keeps whole copies named after their CRC-32, reads them back, and replaces a cut one', async () => {
    const cache = tempDir();
    const fresh = readDictionarySync(null);
    expect(Object.keys(fresh).sort()).toEqual([...DICTIONARY_FILES].sort());
    const first = await readDictionary(cache);
    const copies = fs.readdirSync(cache).sort();
    expect(copies).toHaveLength(5);
    for (const f of copies) expect(f).toMatch(/^(base|check|tid|tid_map|cc)-[0-9a-f]{8}\.dat$/);
    for (const name of DICTIONARY_FILES) expect(first[name].equals(fresh[name]), name).toBe(true);

    // A copy is read, not inflated again: a marked copy of the same size comes back as it is.
    const base = path.join(cache, copies.find((f) => f.startsWith('base-'))!);
    const marked = fs.readFileSync(base);
    marked[0] ^= 0xff;
    fs.writeFileSync(base, marked);
    expect((await readDictionary(cache)).base[0]).toBe(marked[0]);
    expect(readDictionarySync(cache).base[0]).toBe(marked[0]);

    // A cut copy is not taken: the file is inflated again and written whole.
    fs.truncateSync(base, 1000);
    const again = await readDictionary(cache);
    expect(again.base.equals(fresh.base)).toBe(true);
    expect(fs.statSync(base).size).toBe(fresh.base.length);
  });

  it('reads the dictionary all the same where the cache cannot be written', async () => {
    const blocked = path.join(tempDir(), 'a-file');
    fs.writeFileSync(blocked, '');
    const files = await readDictionary(path.join(blocked, 'cache'));
    expect(files.tid.equals(readDictionarySync(null).tid)).toBe(true);
  });
});
