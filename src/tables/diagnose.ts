import type { PageCells } from '../grid/page.js';
import { cellText, type SectionDraft } from './assemble.js';
import { columnForHeader } from './header.js';

/** Why a document gave no plan, naming the page where a plan table was nearest to being read. */
export function noPlanReason(pages: PageCells[], drafts: SectionDraft[]): string {
  const empty = drafts.find((d) => d.columns.length > 0);
  if (empty) return `no 実行計画 rows: the plan table on page ${empty.pages[0]} has a header but no row below it mapped to a plan`;
  for (const page of pages) {
    for (const table of page.grids) {
      const named = [...new Set(table.cells.map((c) => columnForHeader(cellText(c))).filter((k) => k !== null))];
      if (named.length) return `no 実行計画 table found: too few header columns mapped on page ${page.page} (only ${named.join(', ')})`;
    }
  }
  const tables = pages.reduce((n, g) => n + g.grids.length, 0);
  return tables
    ? `no 実行計画 table found: ${tables} ruled table(s), none with a header naming 順位, 取組項目, 指標… columns`
    : 'no 実行計画 table found: no ruled table on any page (no header naming 順位, 取組項目, 指標… columns)';
}
