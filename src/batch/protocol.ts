import type { PagesResult } from '../extract.js';

/** A slice of one document's pages for a worker to read. */
export interface PageTask {
  id: number;
  data: Uint8Array;
  pages: number[];
  password?: string;
  /** Where to write one SVG per page, or undefined. */
  debugDir?: string;
  /** Prefix of the SVG file names (the output's base name). */
  debugName?: string;
}

export type TaskReply =
  | { id: number; ok: true; result: PagesResult }
  | { id: number; ok: false; error: { code: string; message: string; exitCode: number } };
