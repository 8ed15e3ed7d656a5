import fs from 'node:fs';
import path from 'node:path';
import { pageSvg } from '../debug/svg.js';
import { EXIT, PlanExtractError } from '../errors.js';
import { openChecked, readPageGrids, selectPages, type PagesResult } from '../extract.js';
import type { Warning } from '../schema.js';
import { writeFileAtomic } from './files.js';
import type { PageTask, TaskReply } from './protocol.js';

/** Runs one task, sending each page's grid as soon as it is read: the work of a batch worker. */
export async function runPageTask(task: PageTask, send: (reply: TaskReply) => void): Promise<void> {
  try {
    const doc = await openChecked(task.data, { password: task.password, maxPages: task.maxPages });
    try {
      if (task.kind === 'count') {
        send({ id: task.id, type: 'done', pageCount: doc.numPages, pages: 0, warnings: [] });
        return;
      }
      const pages = task.pages ?? selectPages(doc.numPages, task.select);
      if (task.debugDir) fs.mkdirSync(task.debugDir, { recursive: true });
      const warnings: Warning[] = [];
      let read = 0;
      for (const p of pages) {
        let result: PagesResult;
        try {
          result = await readPageGrids(doc, [p], (prims, grid) => {
          if (task.debugDir) {
            const name = `${task.debugName ?? 'page'}-p${String(grid.page).padStart(3, '0')}.svg`;
            writeFileAtomic(path.join(task.debugDir, name), pageSvg(grid, prims.rects));
          }
        });
        } catch (err) {
          // As readPageGrids does for a whole document: skip a damaged page unless none can be read.
          if (!(err instanceof PlanExtractError) || err.code !== 'CORRUPT_PDF' || (p === pages[pages.length - 1] && read === 0)) throw err;
          warnings.push({ code: 'PAGE_UNREADABLE', message: err.message, page: p });
          continue;
        }
        read++;
        send({ id: task.id, type: 'page', grid: result.grids[0], glyphCount: result.glyphCount, total: pages.length });
      }
      send({ id: task.id, type: 'done', pageCount: doc.numPages, pages: pages.length, warnings });
    } finally {
      await doc.destroy();
    }
  } catch (err) {
    const error = err instanceof PlanExtractError
      ? { code: err.code, message: err.message, exitCode: err.exitCode }
      : { code: 'INTERNAL', message: `internal error: ${(err as Error)?.message ?? String(err)}`, exitCode: EXIT.internal };
    send({ id: task.id, type: 'error', error });
  }
}
