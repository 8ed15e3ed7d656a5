import { createHash } from 'node:crypto';
import type { PlanDocument } from './schema.js';
import { PRODUCER } from './version.js';

/** What the outputs record about the input file. */
export interface SourceInfo {
  /** The name recorded as source.file: a base name, never a path. */
  file: string;
  sha256: string;
  pageCount: number;
}

export function sha256Of(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The output's source record: the file, the producer of the output, the hash and page count. */
export function sourceRecord(source: SourceInfo): PlanDocument['source'] {
  return { file: source.file, producer: PRODUCER, sha256: source.sha256, pageCount: source.pageCount };
}
