import { describe, expect, it } from 'vitest';
import { chunkPages, countFirst, readHereUpTo, readsInParser, workerLimits } from '../src/batch/policy.js';

describe('batch policies', () => {
  it('counts the pages of the one document of a run first, and of a batch only when few documents are left for the workers', () => {
    expect(countFirst(1, 2, 1)).toBe(true);
    expect(countFirst(1, 1, 1)).toBe(false);
    expect(countFirst(5, 2, 5)).toBe(false);
    expect(countFirst(1, 4, 5)).toBe(true);
    expect(countFirst(2, 4, 5)).toBe(true);
    expect(countFirst(3, 4, 5)).toBe(false);
    expect(countFirst(1, 1, 5)).toBe(false);
  });

  it('reads here with --jobs 2, one document or a batch; with more, one document up to 100 pages; with --jobs 1, or a batch with more, in workers', () => {
    expect(readHereUpTo(1, 2)).toBe(Infinity);
    expect(readHereUpTo(20, 2)).toBe(Infinity);
    expect(readHereUpTo(1, 4)).toBe(100);
    expect(readHereUpTo(1, 1)).toBeUndefined();
    expect(readHereUpTo(20, 1)).toBeUndefined();
    expect(readHereUpTo(2, 4)).toBeUndefined();
    expect(readsInParser(20)).toBe(true);
    expect(readsInParser(1)).toBeUndefined();
    expect(chunkPages(208, undefined, 2, 1).map((c) => [c[0], c[c.length - 1]])).toEqual([[1, 104], [105, 208]]);
    expect(chunkPages(208, undefined, 1, 1)).toEqual([Array.from({ length: 208 }, (_, i) => i + 1)]);
  });

  it('splits pages into chunks of at least 4 pages, at most one per worker, in page order', () => {
    expect(chunkPages(10, undefined, 2, 1)).toEqual([[1, 2, 3, 4, 5], [6, 7, 8, 9, 10]]);
    expect(chunkPages(7, undefined, 4, 1)).toEqual([[1, 2, 3, 4, 5, 6, 7]]);
    expect(chunkPages(20, [2, 4, 6, 8, 10, 12, 14, 16], 4, 1)).toEqual([[2, 4, 6, 8], [10, 12, 14, 16]]);
    expect(chunkPages(3, undefined, 2, 3)).toEqual([[1, 2, 3]]);
    expect(() => chunkPages(3, [7], 2, 1)).toThrow('no such page: 7');
  });

  it('bounds the heap of a worker that reads one document, not of a batch', () => {
    expect(workerLimits(1)).toEqual({ maxYoungGenerationSizeMb: 16, maxOldGenerationSizeMb: 256 });
    expect(workerLimits(2)).toEqual({ maxYoungGenerationSizeMb: 32 });
  });
});
