import fs from 'node:fs';
import path from 'node:path';

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

export interface InputFile {
  /** Path to read, or "-" for standard input. */
  path: string;
  /** Output base name (no extension), unique within the batch; may contain sub-directories. */
  outName: string;
  /** Name recorded in source.file: the base name, never an absolute path. */
  displayName: string;
}

/** Expands files and directories (recursively, *.pdf, sorted) into the inputs of a batch. */
export function expandInputs(args: string[]): { inputs: InputFile[]; missing: string[] } {
  const inputs: InputFile[] = [];
  const missing: string[] = [];
  const used = new Set<string>();
  const add = (p: string, rel: string) => {
    let name = rel.replace(/\.pdf$/i, '');
    for (let k = 2; used.has(name.toLowerCase()); k++) name = `${rel.replace(/\.pdf$/i, '')}-${k}`;
    used.add(name.toLowerCase());
    inputs.push({ path: p, outName: name, displayName: p === '-' ? 'stdin' : path.basename(p) });
  };
  for (const arg of args) {
    if (arg === '-') {
      add('-', 'stdin');
      continue;
    }
    let stat: fs.Stats;
    try {
      stat = fs.statSync(arg);
    } catch {
      missing.push(arg);
      continue;
    }
    if (stat.isDirectory()) {
      for (const rel of listPdfs(arg)) add(path.join(arg, rel), rel.split(path.sep).join('/'));
    } else {
      add(arg, path.basename(arg));
    }
  }
  return { inputs, missing };
}

function listPdfs(dir: string, prefix = ''): string[] {
  const out: string[] = [];
  const entries = fs.readdirSync(path.join(dir, prefix), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const rel = prefix ? path.join(prefix, e.name) : e.name;
    if (e.isDirectory()) out.push(...listPdfs(dir, rel));
    else if (e.isFile() && /\.pdf$/i.test(e.name)) out.push(rel);
  }
  return out;
}
