import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { extractFile } from '../src/index.js';
import { JSON_SCHEMAS, jsonSchemaText, type SchemaName } from '../src/json-schema.js';
import { CSV_COLUMNS, JsonlRecordSchema, type PlanDocument } from '../src/schema.js';
import { csvRows, jsonChunks, toCsv, toJsonl } from '../src/writers/index.js';

const toJson = (doc: object) => [...jsonChunks(doc)].join('');
import { cli, fixture, root } from './helpers/cli.js';

let doc: PlanDocument;
beforeAll(async () => {
  doc = await extractFile(fixture('sample-chromium.pdf'));
});

describe('CSV', () => {
  it('round-trips: parsing the CSV back gives the parts of the JSON', () => {
    const records: Record<string, string>[] = parse(toCsv(doc, { header: 'en' }), { columns: true });
    const expected = doc.sections.flatMap((s) => s.plans.flatMap((p) => p.parts.map((pt) => ({ s, p, pt }))));
    expect(records).toHaveLength(expected.length);
    const str = (x: unknown) => (x === null || x === undefined ? '' : String(x));
    records.forEach((r, i) => {
      const { s, p, pt } = expected[i];
      expect(r).toMatchObject({
        department: s.department,
        rank: str(p.rank),
        part: str(pt.label),
        indicator: str(pt.indicator),
        target: str(pt.target?.text),
        targetNumber: str(pt.target?.number),
        targetUnit: str(pt.target?.unit),
        targetPrevious: str(pt.target?.previous?.text),
        actual: str(pt.actual?.text),
        actualNumber: str(pt.actual?.number),
        actualUnit: str(pt.actual?.unit),
        achievement: str(pt.achievement),
        met: str(pt.met),
        annualSummary: str(p.annualSummary),
      });
    });
  });

  it('has the Japanese header by default and the English keys with --header en', () => {
    const [ja] = parse(toCsv(doc), { to: 1 }) as string[][];
    expect(ja).toEqual(CSV_COLUMNS.map((c) => c.ja));
    expect(ja.slice(1, 9)).toEqual(['計画ID', '部課名', '順位', '計画類型', '取組項目', '番号', '指標', '目標値']);
    const [en] = parse(toCsv(doc, { header: 'en' }), { to: 1 }) as string[][];
    expect(en).toEqual(CSV_COLUMNS.map((c) => c.key));
  });

  it('starts with the UTF-8 BOM only with --bom', () => {
    expect(toCsv(doc, { bom: true }).charCodeAt(0)).toBe(0xfeff);
    expect(toCsv(doc).charCodeAt(0)).not.toBe(0xfeff);
    const r = cli([fixture('sample-calc.pdf'), '--format', 'csv', '--bom', '-q']);
    expect(r.stdoutBytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
  });

  it('neutralises text cells a spreadsheet would run as formulas, leaves numbers alone, and can be told not to', () => {
    const plan = doc.sections[0].plans[0];
    const evil: PlanDocument = {
      ...doc,
      sections: [{ ...doc.sections[0], plans: [{ ...plan, item: '=HYPERLINK("http://x")', challenges: '@SUM(A1)', activities: '-1+2', parts: [{ ...plan.parts[0], target: { text: '-10%', number: -10, unit: '%', kind: 'percent', qualifier: null, items: null, previous: null, note: null } }] }] }],
    };
    const rows = parse(toCsv(evil, { header: 'en' }), { columns: true }) as Record<string, string>[];
    expect([rows[0].item, rows[0].challenges, rows[0].activities, rows[0].target, rows[0].targetNumber]).toEqual(["'=HYPERLINK(\"http://x\")", "'@SUM(A1)", "'-1+2", "'-10%", '-10']);
    const raw = parse(toCsv(evil, { header: 'en', escapeFormulas: false }), { columns: true }) as Record<string, string>[];
    expect([raw[0].item, raw[0].target]).toEqual(['=HYPERLINK("http://x")', '-10%']);
  });

  it('gives every revision note to the part it belongs to', () => {
    const row = csvRows(doc).find((r) => r.department === '市民部市民課' && r.rank === 1 && r.part === '①')!;
    expect(row.targetPrevious).toBe('12種類');
    expect(row.revisionNote).toMatch(/^※住居表示変更証明書/);
  });
});

describe('JSONL', () => {
  it('writes one valid record per plan', () => {
    const lines = toJsonl(doc).trimEnd().split('\n');
    expect(lines).toHaveLength(30);
    const first = JsonlRecordSchema.parse(JSON.parse(lines[0]));
    expect(first).toMatchObject({ file: 'sample-chromium.pdf', department: '市民部市民総務課', rank: 1 });
  });
});

describe('JSON Schema files', () => {
  it.each(Object.keys(JSON_SCHEMAS) as SchemaName[])('schemas/ holds the current %s schema (run npm run schemas)', (name) => {
    const committed = fs.readFileSync(path.join(root, 'schemas', JSON_SCHEMAS[name].file), 'utf8');
    expect(committed).toBe(jsonSchemaText(name));
  });
});

describe('JSON in pieces', () => {
  it('is byte for byte what JSON.stringify(doc, null, 2) gives', () => {
    expect(toJson(doc)).toBe(JSON.stringify(doc, null, 2) + '\n');
    const empty = { schemaVersion: '1', source: doc.source, edition: 'end', fiscalYear: null, fiscalYearSource: null, sections: [], pageText: [], warnings: [] };
    expect(toJson(empty as PlanDocument)).toBe(JSON.stringify(empty, null, 2) + '\n');
  });
});
