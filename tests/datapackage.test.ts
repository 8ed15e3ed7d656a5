import fs from 'node:fs';
import path from 'node:path';
import AjvDraft04 from 'ajv-draft-04';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { extractFile } from '../src/index.js';
import type { PlanDocument } from '../src/schema.js';
import { dataPackage } from '../src/writers/datapackage.js';
import { toXlsx } from '../src/writers/xlsx.js';
import { cli, fixture } from './helpers/cli.js';
import { testDir } from './helpers/temp.js';

let doc: PlanDocument;
beforeAll(async () => {
  doc = await extractFile(fixture('sample-calc.pdf'));
});

interface Field { name: string; type: string; constraints?: { required?: boolean; enum?: string[] } }
interface Resource { name: string; path: string; schema: { fields: Field[]; primaryKey: string[]; foreignKeys?: { fields: string[]; reference: { resource: string; fields: string[] } }[] } }

/** Checks one CSV value against its Table Schema field; returns what is wrong, or null. */
function fieldError(value: string, f: Field): string | null {
  if (value === '') return f.constraints?.required ? 'required' : null;
  if (f.type === 'integer' && !/^-?\d+$/.test(value)) return `not an integer: ${value}`;
  if (f.type === 'number' && !Number.isFinite(Number(value))) return `not a number: ${value}`;
  if (f.type === 'boolean' && !['true', 'false'].includes(value)) return `not a boolean: ${value}`;
  if (f.constraints?.enum && !f.constraints.enum.includes(value)) return `not one of ${f.constraints.enum.join('/')}: ${value}`;
  return null;
}

describe('-f datapackage', () => {
  it('writes a datapackage.json valid against the official Tabular Data Package profile', () => {
    const files = dataPackage([doc], 'sample-calc').files;
    const descriptor = JSON.parse(files.get('datapackage.json')!);
    const profile = JSON.parse(fs.readFileSync(fixture('frictionless', 'tabular-data-package.json'), 'utf8'));
    // The profiles are draft-04 JSON Schemas; their string formats (email, uri) name nothing this package writes.
    const validate = new AjvDraft04.default({ strict: false, allErrors: true, validateFormats: false }).compile(profile);
    expect(validate(descriptor), JSON.stringify(validate.errors)).toBe(true);
    expect(descriptor.resources.map((r: Resource) => [r.name, r.path, r.schema.primaryKey])).toEqual([
      ['plans', 'plans.csv', ['file', 'planId']], ['parts', 'parts.csv', ['file', 'planId', 'partNo']], ['revisions', 'revisions.csv', ['file', 'planId', 'revisionNo']],
    ]);
    expect(descriptor.sources).toEqual([{ title: 'sample-calc.pdf', path: 'sample-calc.pdf', sha256: doc.source.sha256 }]);
    const plans = descriptor.resources[0].schema.fields as (Field & { title: string })[];
    expect(plans.find((f) => f.name === 'rating')).toMatchObject({ title: '評価', type: 'string', constraints: { enum: ['A', 'B', 'C', 'D'] } });
    expect(plans.find((f) => f.name === 'rank')).toMatchObject({ title: '順位', type: 'integer' });
  });

  it('writes CSVs whose every row matches its Table Schema, with unique keys and foreign keys that resolve', () => {
    const files = dataPackage([doc]).files;
    const descriptor = JSON.parse(files.get('datapackage.json')!);
    const tables = new Map<string, Record<string, string>[]>();
    for (const r of descriptor.resources as Resource[]) {
      const rows = parse(files.get(r.path)!, { columns: true }) as Record<string, string>[];
      tables.set(r.name, rows);
      expect(Object.keys(rows[0])).toEqual(r.schema.fields.map((f) => f.name));
      const errors = rows.flatMap((row, i) => r.schema.fields.map((f) => fieldError(row[f.name], f)).filter(Boolean).map((e) => `${r.name} row ${i + 1}: ${e}`));
      expect(errors).toEqual([]);
      const keys = rows.map((row) => r.schema.primaryKey.map((k) => row[k]).join('\u0000'));
      expect(new Set(keys).size).toBe(rows.length);
    }
    for (const r of descriptor.resources as Resource[]) {
      for (const fk of r.schema.foreignKeys ?? []) {
        const targets = new Set(tables.get(fk.reference.resource)!.map((row) => fk.reference.fields.map((k) => row[k]).join('\u0000')));
        expect(tables.get(r.name)!.filter((row) => !targets.has(fk.fields.map((k) => row[k]).join('\u0000')))).toEqual([]);
      }
    }
    expect([tables.get('plans')!.length, tables.get('revisions')!.length]).toEqual([30, 10]);
  });

  it('is written into -o DIR for a batch, one package for all inputs', () => {
    const dir = testDir('dp');
    const r = cli([fixture('editions-start.pdf'), fixture('editions-end.pdf'), '-f', 'datapackage', '-o', dir, '-q']);
    expect(r.code).toBe(0);
    expect(fs.readdirSync(dir).sort()).toEqual(['datapackage.json', 'index.json', 'parts.csv', 'plans.csv', 'revisions.csv']);
    const plans = parse(fs.readFileSync(path.join(dir, 'plans.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
    expect(plans.map((p) => [p.file, p.edition, p.planId]).slice(0, 3)).toEqual([
      ['editions-start.pdf', 'start', '2023/市民部テスト推進課/1'], ['editions-start.pdf', 'start', '2023/市民部テスト推進課/2'], ['editions-start.pdf', 'start', '2023/市民部テスト相談課/1'],
    ]);
    expect(cli([fixture('editions-start.pdf'), '-f', 'datapackage']).code).toBe(1);
  });
});

describe('merge -f datapackage', () => {
  it('packages the merged dataset, its edition revisions included, valid against the profile', () => {
    const dir = testDir('mdp');
    const r = cli(['merge', fixture('editions-start.pdf'), fixture('editions-mid.pdf'), fixture('editions-end.pdf'), '-f', 'datapackage', '-o', dir, '-q']);
    expect(r.code).toBe(0);
    const descriptor = JSON.parse(fs.readFileSync(path.join(dir, 'datapackage.json'), 'utf8'));
    const profile = JSON.parse(fs.readFileSync(fixture('frictionless', 'tabular-data-package.json'), 'utf8'));
    expect(new AjvDraft04.default({ strict: false, validateFormats: false }).compile(profile)(descriptor)).toBe(true);
    const revisions = parse(fs.readFileSync(path.join(dir, 'revisions.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
    expect(revisions.map((x) => [x.planId, x.struck, x.current, x.source])).toEqual([
      ['2023/市民部テスト推進課/1', '①75%\n②15分', '①80%\n②15分', 'edition'],
      ['2023/市民部テスト推進課/2', '30回', '40回', 'strike'],
      ['2023/市民部テスト推進課/3', '120,000枚', '100,000枚', 'strike'],
    ]);
  });
});

describe('-f xlsx', () => {
  it('keeps the strike: struck runs exactly where the revisions say, numbers as numbers, frozen header, autofilter', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await toXlsx([doc])) as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['計画', '指標', '修正']);
    const plans = wb.getWorksheet('計画')!;
    expect(plans.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(plans.autoFilter).toBeTruthy();
    const header = plans.getRow(1).values as string[];
    expect(header.slice(1, 7)).toEqual(['ファイル', '計画ID', '部課名', '順位', '計画類型', '取組項目']);
    // Every struck run of the JSON revisions is a struck run in the 計画 sheet, in the same column.
    const col = (key: string) => ['file', 'planId', 'department', 'rank', 'planType', 'item', 'activities', 'indicator', 'target', 'progress', 'firstHalf', 'secondHalfPlan', 'annualSummary', 'actual', 'rating', 'ratingReason', 'challenges'].indexOf(key) + 1;
    const struckInSheet: string[] = [];
    plans.eachRow((row, n) => {
      if (n === 1) return;
      row.eachCell((cell, c) => {
        const v = cell.value as { richText?: { text: string; font?: { strike?: boolean } }[] };
        for (const run of v?.richText ?? []) if (run.font?.strike) struckInSheet.push(`${row.getCell(2).value}|${c}|${run.text}`);
      });
    });
    const struckInJson = doc.sections.flatMap((s) => s.plans.flatMap((p) => p.revisions.map((r) => `${p.planId}|${col(r.field)}|${r.struck}`)));
    expect(struckInSheet.sort()).toEqual(struckInJson.sort());
    const parts = wb.getWorksheet('指標')!;
    const firstNumeric = parts.getRow(3).getCell(7).value;
    expect(typeof firstNumeric).toBe('number');
  });

  it('gives the same bytes twice, and English headers with --header en', async () => {
    const a = await toXlsx([doc]);
    const b = await toXlsx([doc]);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await toXlsx([doc], { header: 'en' })) as unknown as ArrayBuffer);
    expect((wb.getWorksheet('計画')!.getRow(1).values as string[]).slice(1, 4)).toEqual(['file', 'planId', 'department']);
  });
});
