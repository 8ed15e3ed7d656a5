import type { Workbook, Worksheet } from 'exceljs';
import { CSV_COLUMNS, COLUMN_KEYS, type ColumnKey, type Plan, type PlanDocument } from '../schema.js';
import { HEADER_NAMES } from '../tables/header.js';
import { PRODUCER } from '../version.js';

/** The header of a column as publications print it (the canonical name). */
const printedHeader = (key: ColumnKey) => HEADER_NAMES[key][0];

/** Column widths (characters) by how long a column's texts are. */
const WIDTH: Partial<Record<ColumnKey, number>> = { rank: 6, planType: 10, progress: 8, rating: 6, target: 16, actual: 16, indicator: 24 };
const LONG_TEXT_WIDTH = 40;

/** A fixed date for the workbook's properties: the same input gives the same bytes. */
const FIXED_DATE = new Date(Date.UTC(2000, 0, 1));

type Cell = string | number | boolean | null | { richText: { text: string; font?: { strike: boolean } }[] };

/** "~~35%~~ 45%" as rich text: struck runs with a strike-through font, so the cell reads like the PDF. */
function printed(text: string): Cell {
  const runs = text.split(/(~~[\s\S]*?~~)/).filter(Boolean).map((t) => (t.startsWith('~~') && t.endsWith('~~') && t.length > 4 ? { text: t.slice(2, -2), font: { strike: true } } : { text: t }));
  return runs.some((r) => 'font' in r) ? { richText: runs } : text;
}

/** A plan field as printed: with its struck text where the publication struck some, else the current text. */
function printedField(plan: Plan, key: ColumnKey): Cell {
  const revision = plan.revisions.find((r) => r.field === key);
  const value = plan[key as keyof Plan];
  if (revision) return printed(revision.printed);
  return value === null || value === undefined ? null : (value as string | number);
}

/** The text of a cell, for measuring. */
function cellText(c: Cell): string {
  if (c === null) return '';
  if (typeof c === 'object') return c.richText.map((r) => r.text).join('');
  return String(c);
}

/**
 * Lines a text takes in a column of the given width (characters; a CJK character counts as two):
 * spreadsheets do not size rows of wrapped text themselves when a file is opened, so the row
 * heights are set from this.
 */
function linesIn(text: string, width: number): number {
  return text.split('\n').reduce((n, line) => {
    const units = Array.from(line).reduce((u, ch) => u + (/[\u0000-\u00ff]/.test(ch) ? 1 : 2), 0);
    return n + Math.max(1, Math.ceil(units / Math.max(1, width - 1)));
  }, 0);
}

/** Points per line of 11 pt text. */
const LINE_HEIGHT = 15;

function sheet(wb: Workbook, name: string, headers: string[], widths: number[], rows: Cell[][]): Worksheet {
  const ws = wb.addWorksheet(name, {
    views: [{ state: 'frozen', ySplit: 1 }],
    // Printed (and converted to PDF) the way the publication is: landscape, all columns on one page's width.
    pageSetup: { orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  ws.columns = headers.map((header, i) => ({ header, width: widths[i] }));
  for (const r of [headers, ...rows]) {
    const row = r === headers ? ws.getRow(1) : ws.addRow(r);
    row.alignment = { wrapText: true, vertical: 'top' };
    row.height = LINE_HEIGHT * Math.min(40, Math.max(...r.map((c, i) => linesIn(cellText(c), widths[i]))));
  }
  ws.getRow(1).font = { bold: true };
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: headers.length } };
  return ws;
}

/**
 * An Excel workbook of one or more documents: 計画 (one row per plan, every column as printed, struck
 * text struck through), 指標 (one row per part, numbers as numbers, units apart) and 修正 (corrections).
 * Japanese headers, or the English keys with header "en". The same input gives the same bytes.
 */
export async function toXlsx(docs: PlanDocument[], options: { header?: 'ja' | 'en' } = {}): Promise<Uint8Array> {
  const { default: ExcelJS } = await import('exceljs');
  const en = options.header === 'en';
  const wb = new ExcelJS.Workbook();
  wb.creator = PRODUCER;
  wb.lastModifiedBy = PRODUCER;
  wb.created = FIXED_DATE;
  wb.modified = FIXED_DATE;

  const planKeys = ['file', 'planId', 'department', ...COLUMN_KEYS] as const;
  const planHeader = (k: string) => (en ? k : k === 'file' ? 'ファイル' : k === 'planId' ? '計画ID' : k === 'department' ? '部課名' : printedHeader(k as ColumnKey));
  const planRows: Cell[][] = [];
  const partRows: Cell[][] = [];
  const revisionRows: Cell[][] = [];
  for (const doc of docs) {
    for (const s of doc.sections) {
      for (const p of s.plans) {
        planRows.push([doc.source.file, p.planId, s.department, ...COLUMN_KEYS.map((k) => printedField(p, k))]);
        for (const part of p.parts) {
          partRows.push([
            p.planId, s.department, p.rank, part.label, part.indicator,
            part.target ? printed(part.target.previous ? `~~${part.target.previous.text}~~ ${part.target.text}` : part.target.text) : null,
            part.target?.number ?? null, part.target?.unit ?? null,
            part.actual?.text ?? null, part.actual?.number ?? null, part.actual?.unit ?? null,
            part.direction, part.achievement, part.met,
          ]);
        }
        for (const r of p.revisions) revisionRows.push([p.planId, s.department, p.rank, en ? r.field : printedHeader(r.field), r.part, printed(r.printed), r.struck, r.current, r.note]);
      }
    }
  }
  const ja = (key: string) => CSV_COLUMNS.find((c) => c.key === key)?.ja ?? key;
  sheet(wb, '計画', planKeys.map(planHeader), planKeys.map((k) => WIDTH[k as ColumnKey] ?? (k === 'file' ? 18 : k === 'planId' ? 30 : k === 'department' ? 24 : LONG_TEXT_WIDTH)), planRows);
  const partKeys = ['planId', 'department', 'rank', 'part', 'indicator', 'target', 'targetNumber', 'targetUnit', 'actual', 'actualNumber', 'actualUnit', 'direction', 'achievement', 'met'];
  sheet(wb, '指標', partKeys.map((k) => (en ? k : ja(k))), [30, 24, 6, 6, 30, 20, 12, 10, 20, 12, 10, 10, 10, 8], partRows);
  const revisionKeys = ['planId', 'department', 'rank', 'field', 'part', 'printed', 'struck', 'current', 'note'];
  const revisionJa: Record<string, string> = { field: '列', part: '番号', printed: '印刷どおり', struck: '修正前', current: '修正後', note: '修正理由' };
  sheet(wb, '修正', revisionKeys.map((k) => (en ? k : (revisionJa[k] ?? ja(k)))), [30, 24, 6, 14, 6, 40, 20, 20, 40], revisionRows);
  return deterministicZip(new Uint8Array(await wb.xlsx.writeBuffer()));
}

/** The workbook re-zipped with fixed entry dates: exceljs stamps each entry with the time of writing. */
async function deterministicZip(bytes: Uint8Array): Promise<Uint8Array> {
  const { default: JSZip } = await import('jszip');
  const zip = await JSZip.loadAsync(bytes);
  for (const file of Object.values(zip.files)) file.date = FIXED_DATE;
  return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE', compressionOptions: { level: 6 } });
}
