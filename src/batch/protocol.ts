import type { PageGrid } from '../grid/page.js';
import type { WarningDraft } from '../schema.js';

/** Work for a batch worker: read some pages of one document (all pages when `pages` is absent), or only count them. */
export interface PageTask {
  id: number;
  kind: 'read' | 'count';
  data: Uint8Array;
  /** 1-based pages to read; absent: all pages (or those of `select`). */
  pages?: number[];
  /** Pages the user asked for (--pages), applied when `pages` is absent. */
  select?: number[];
  password?: string;
  maxPages?: number;
  /** Where to write one SVG per page, or undefined. */
  debugDir?: string;
  /** Prefix of the SVG file names (the output's base name). */
  debugName?: string;
}

/** Replies of a worker: one `page` message per page read (so no worker holds a whole document), then `done`. */
export type TaskReply =
  | { id: -1; type: 'ready' }
  | { id: number; type: 'page'; grid: PageGrid; glyphCount: number; /** Pages this task reads in all. */ total: number }
  | { id: number; type: 'done'; pageCount: number; pages: number; warnings: WarningDraft[] }
  | { id: number; type: 'error'; error: { code: string; message: string; exitCode: number } };
