import fs from 'node:fs';
import path from 'node:path';
import { pageSvg } from '../debug/svg.js';
import { PlanExtractError, EXIT } from '../errors.js';
import { openChecked, readPageGrids } from '../extract.js';
import type { PagePrimitives } from '../geometry.js';
import type { PageGrid } from '../grid/page.js';
import { writeFileAtomic } from './files.js';
import type { PageTask, TaskReply } from './protocol.js';

/** Reads one task's pages: the work of a batch worker, also run in-process by tests. */
export async function runPageTask(task: PageTask): Promise<TaskReply> {
  try {
    const doc = await openChecked(task.data, { password: task.password });
    try {
      const onPage = task.debugDir
        ? (prims: PagePrimitives, grid: PageGrid) => {
            fs.mkdirSync(task.debugDir!, { recursive: true });
            writeFileAtomic(path.join(task.debugDir!, `${task.debugName ?? 'page'}-p${String(grid.page).padStart(3, '0')}.svg`), pageSvg(grid, prims.rects));
          }
        : undefined;
      const result = await readPageGrids(doc, task.pages, onPage);
      return { id: task.id, ok: true, result };
    } finally {
      await doc.destroy();
    }
  } catch (err) {
    if (err instanceof PlanExtractError) return { id: task.id, ok: false, error: { code: err.code, message: err.message, exitCode: err.exitCode } };
    return { id: task.id, ok: false, error: { code: 'INTERNAL', message: `internal error: ${(err as Error)?.message ?? String(err)}`, exitCode: EXIT.internal } };
  }
}
