import type { PageCells } from '../grid/page.js';
import type { ReadOptions } from '../options.js';
import type { WarningDraft } from '../schema.js';

/** Work for a batch worker. */
export type Job =
  /** Open the document and count its pages (to split them among workers). */
  | { kind: 'count'; id: number; data: Uint8Array; read: ReadOptions }
  /**
   * Read pages of the document: `chunk` when given, otherwise every page `read.pages` selects.
   * `debug`: write one SVG per page into `dir`, named after `name`.
   */
  | { kind: 'read'; id: number; data: Uint8Array; read: ReadOptions; chunk?: number[]; debug?: { dir: string; name: string } };

/** Replies of a worker: one `page` message per page read (so no worker holds a whole document), then `done`. */
export type Reply =
  | { id: -1; type: 'ready' }
  | { id: number; type: 'page'; cells: PageCells; glyphCount: number; /** Pages this job reads in all. */ total: number }
  | { id: number; type: 'done'; pageCount: number; pages: number; warnings: WarningDraft[] }
  | { id: number; type: 'error'; error: { code: string; message: string; exitCode: number } };
