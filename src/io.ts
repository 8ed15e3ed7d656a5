import fs from 'node:fs';
import path from 'node:path';
import { PlanExtractError } from './errors.js';

/** The bytes of an input file; a missing or unreadable file is an INPUT_MISSING error. */
export async function readInput(file: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await fs.promises.readFile(file));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new PlanExtractError('INPUT_MISSING', `no such file: ${file}`);
    if (code === 'EISDIR') throw new PlanExtractError('INPUT_MISSING', `is a directory: ${file}`);
    throw new PlanExtractError('INPUT_MISSING', `cannot read ${file}: ${code ?? (err as Error).message}`);
  }
}

/** Writes through a temporary file and a rename, so a reader never sees half a file. */
export function writeFileAtomic(file: string, content: string | Uint8Array | Iterable<string>): void {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`);
  try {
    if (typeof content === 'string' || content instanceof Uint8Array) {
      fs.writeFileSync(tmp, content);
    } else {
      const fd = fs.openSync(tmp, 'w');
      try {
        for (const chunk of content) fs.writeSync(fd, chunk);
      } finally {
        fs.closeSync(fd);
      }
    }
    fs.renameSync(tmp, file);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  }
}

/** Everything on standard input (the "-" input). */
export async function readStdin(): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return new Uint8Array(Buffer.concat(chunks));
}
