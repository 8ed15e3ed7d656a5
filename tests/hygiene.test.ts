import { describe, expect, it } from 'vitest';
import { hygieneWarnings } from '../src/text/hygiene.js';
import type { Section } from '../src/schema.js';

const plan = (target: string) => ({
  planId: 'unknown/市民部/1', rank: 1, planType: null, item: '項目', activities: '', indicator: '件数', target, progress: null, firstHalf: null, secondHalfPlan: null,
  annualSummary: null, actual: null, rating: null, ratingReason: null, challenges: null, extras: {}, parts: [], revisions: [], pages: [4],
});

describe('hygiene warnings', () => {
  it('reports a private-use glyph and an unmapped radical with page, department, rank and field', () => {
    const sections: Section[] = [{ department: '市民部', division: '市民部', section: null, unit: null, mission: '使命', pages: [4], columns: ['rank', 'target'], plans: [plan('10\uE001件'), plan('\u2E80')] }];
    expect(hygieneWarnings(sections)).toEqual([
      { code: 'PRIVATE_USE_GLYPH', message: 'a private-use character (U+E001) has no Unicode meaning', page: 4, department: '市民部', rank: 1, field: 'target' },
      { code: 'UNMAPPED_RADICAL', message: 'a CJK radical or compatibility character has no ideograph to map to: \u2E80', page: 4, department: '市民部', rank: 1, field: 'target' },
    ]);
  });

  it('names the first private-use character of a string, supplementary planes included, and no field outside the columns', () => {
    const withParts = { ...plan('😀 ok'), parts: [{ label: '\u{F0041}\uE002' }] } as unknown as Section['plans'][number];
    const sections: Section[] = [{ department: '市民部', division: '市民部', section: null, unit: null, mission: '使命', pages: [4], columns: ['rank', 'target'], plans: [plan('a\u{10FFFD}\uE000'), withParts] }];
    expect(hygieneWarnings(sections)).toEqual([
      { code: 'PRIVATE_USE_GLYPH', message: 'a private-use character (U+10FFFD) has no Unicode meaning', page: 4, department: '市民部', rank: 1, field: 'target' },
      { code: 'PRIVATE_USE_GLYPH', message: 'a private-use character (U+F0041) has no Unicode meaning', page: 4, department: '市民部', rank: 1 },
    ]);
  });

  it('finds nothing in clean text', () => {
    expect(hygieneWarnings([{ department: '市民部', division: '市民部', section: null, unit: null, mission: '使命', pages: [1], columns: [], plans: [plan('10件')] }])).toEqual([]);
  });
});
