import { describe, expect, it } from 'vitest';
import { chunkPages, countFirst, inProcessAllowed, readingPlan, workerLimits } from '../src/batch/policy.js';

describe('batch policies', () => {
  it('counts the pages of the one document of a run first, and of a batch only when few documents are left for the workers', () => {
    expect(countFirst(1, 2, 1)).toBe(true);
    expect(countFirst(1, 1, 1)).toBe(true);
    expect(countFirst(5, 2, 5)).toBe(false);
    expect(countFirst(1, 4, 5)).toBe(true);
    expect(countFirst(2, 4, 5)).toBe(true);
    expect(countFirst(3, 4, 5)).toBe(false);
    expect(countFirst(1, 1, 5)).toBe(false);
  });

  it('reads a short document of a run in this thread, a long one or one of a batch in workers', () => {
    const one = { fileCount: 1, filesLeft: 1, jobs: 2 };
    expect(readingPlan({ ...one, pageCount: 23 })).toEqual({ chunks: [undefined], local: [true] });
    expect(readingPlan({ ...one, pageCount: 100 })).toEqual({ chunks: [undefined], local: [true] });
    const long = readingPlan({ ...one, pageCount: 208 });
    expect(long.local).toEqual([false, false]);
    expect(long.chunks.map((c) => [c![0], c![c!.length - 1]])).toEqual([[1, 104], [105, 208]]);
    expect(readingPlan({ ...one, jobs: 1, pageCount: 208 })).toEqual({ chunks: [Array.from({ length: 208 }, (_, i) => i + 1)], local: [false] });
    expect(readingPlan({ fileCount: 3, filesLeft: 1, jobs: 2, pageCount: 12 }).local).toEqual([false, false]);
  });

  it('reads in workers when --max-memory is too small to stop a document in this thread at half of it', () => {
    expect(inProcessAllowed(undefined)).toBe(true);
    expect(inProcessAllowed(900)).toBe(true);
    expect(inProcessAllowed(599)).toBe(false);
    expect(readingPlan({ fileCount: 1, filesLeft: 1, jobs: 2, pageCount: 5, maxMemoryMb: 300 }).local).toEqual([false]);
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
    expect(workerLimits(2)).toEqual({ maxYoungGenerationSizeMb: 16 });
  });
});
