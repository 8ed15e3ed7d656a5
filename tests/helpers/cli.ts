import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const fixture = (...p: string[]) => path.join(root, 'fixtures', ...p);

/** Runs the built CLI as a user would (`npm test` builds dist/ first). */
export function cli(args: string[], options: SpawnSyncOptions = {}) {
  const r = spawnSync(process.execPath, [path.join(root, 'bin', 'plan-extract.js'), ...args], {
    maxBuffer: 256 * 1024 * 1024,
    timeout: 120_000,
    ...options,
    encoding: 'buffer',
  });
  const bytes = (r.stdout as Buffer | null) ?? Buffer.alloc(0);
  return { code: r.status, stdout: bytes.toString('utf8'), stdoutBytes: bytes, stderr: String(r.stderr ?? '') };
}
