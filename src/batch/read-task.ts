import fs from 'node:fs';
import path from 'node:path';
import { toFileError } from '../errors.js';
import { writeFileAtomic } from '../io.js';
import { readPages, selectPages, withDocument, type PageObserver, type ReadPlace } from '../pages.js';
import type { Job, Reply } from './protocol.js';

/** Writes each page's SVG into the job's debug folder (the drawing code is loaded only for --debug). */
async function svgWriter(debug: NonNullable<Extract<Job, { kind: 'read' }>['debug']>): Promise<PageObserver> {
  const { pageSvg } = await import('../debug/svg.js');
  fs.mkdirSync(debug.dir, { recursive: true });
  return (prims, grid) => {
    const name = `${debug.name}-p${String(grid.page).padStart(3, '0')}.svg`;
    writeFileAtomic(path.join(debug.dir, name), pageSvg(grid, prims.rects));
  };
}

/**
 * Runs one job, sending each page's cells as soon as they are read: the work of a batch worker
 * (or of the batch itself, in its own thread, with pdf.js parsing in a thread of its own).
 */
export async function runJob(job: Job, send: (reply: Reply) => void, place: ReadPlace = {}): Promise<void> {
  try {
    await withDocument(job.data, job.read, async (doc) => {
      if (job.kind === 'count' || doc.numPages > (job.countAbove ?? Infinity)) {
        send({ id: job.id, type: 'done', pageCount: doc.numPages, pages: 0, warnings: [] });
        return;
      }
      const pages = job.chunk ?? selectPages(doc.numPages, job.read.pages);
      const observe = job.debug ? await svgWriter(job.debug) : undefined;
      const warnings = await readPages(doc, pages, (cells, glyphCount) => send({ id: job.id, type: 'page', cells, glyphCount, total: pages.length }), { observe, signal: place.signal, onPagesAsked: place.onPagesAsked });
      send({ id: job.id, type: 'done', pageCount: doc.numPages, pages: pages.length, warnings });
    }, place);
  } catch (err) {
    send({ id: job.id, type: 'error', error: toFileError(err) });
  }
}
