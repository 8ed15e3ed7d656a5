import fs from 'node:fs';
import path from 'node:path';
import { toFileError, type FileError } from '../errors.js';
import { readInput, readStdin } from '../io.js';
import type { CellsDocument, PlanDocument } from '../schema.js';
import { sha256Of } from '../source.js';

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

/** What became of one input: its document, or the error that stopped it. */
export type FileOutcome =
  | { input: InputFile; ok: true; doc: PlanDocument | CellsDocument; pageCount: number; ms: number }
  | { input: InputFile; ok: false; error: FileError; ms: number };

/** A file's outcome when an error stopped it. */
export function failure(input: InputFile, err: unknown, started: number): FileOutcome {
  return { input, ok: false, error: toFileError(err), ms: Date.now() - started };
}

/** The bytes of an input and their hash ("-": standard input, read by `fromStdin`). */
export async function loadInput(input: InputFile, fromStdin: () => Promise<Uint8Array> = readStdin): Promise<{ data: Uint8Array; sha256: string }> {
  const data = input.path === '-' ? await fromStdin() : await readInput(input.path);
  return { data, sha256: sha256Of(data) };
}

/** The sizes of the inputs in bytes (standard input counts 0): what the ETA of a batch goes by. */
export function inputSizes(inputs: InputFile[]): number[] {
  return inputs.map((f) => (f.path === '-' ? 0 : (fs.statSync(f.path, { throwIfNoEntry: false })?.size ?? 0)));
}
