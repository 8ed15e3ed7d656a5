import fs from 'node:fs';
import path from 'node:path';
import { pageSvg } from '../debug/svg.js';
import { toFileError } from '../errors.js';
import { openChecked, readPageGrids, selectPages } from '../extract.js';
import type { PagePrimitives } from '../geometry.js';
import type { PageGrid } from '../grid/page.js';
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
      const onPage = (prims: PagePrimitives, grid: PageGrid) => {
        if (!task.debugDir) return;
        const name = `${task.debugName ?? 'page'}-p${String(grid.page).padStart(3, '0')}.svg`;
        writeFileAtomic(path.join(task.debugDir, name), pageSvg(grid, prims.rects));
      };
      const { warnings } = await readPageGrids(doc, pages, onPage, (grid, glyphCount) => {
        send({ id: task.id, type: 'page', grid, glyphCount, total: pages.length });
      });
      send({ id: task.id, type: 'done', pageCount: doc.numPages, pages: pages.length, warnings });
    } finally {
      await doc.destroy();
    }
  } catch (err) {
    send({ id: task.id, type: 'error', error: toFileError(err) });
  }
}
