import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture, root } from './helpers/cli.js';
import { testDir } from './helpers/temp.js';

const npm = (args: string[], cwd: string) => execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

describe('the packed package, installed as a user installs it', () => {
  it('works without optional dependencies (no native canvas), as CLI and library, ESM and require', () => {
    const dir = testDir('pack');
    const tarball = npm(['pack', '--silent', '--pack-destination', dir], root).trim().split('\n').pop()!;
    fs.writeFileSync(path.join(dir, 'package.json'), '{ "name": "user", "version": "1.0.0", "private": true }\n');
    const install = spawnSync('npm', ['install', '--omit=optional', '--prefer-offline', '--no-audit', '--no-fund', path.join(dir, tarball)], { cwd: dir, encoding: 'utf8' });
    expect(install.status, install.stderr).toBe(0);
    expect(install.stderr).not.toMatch(/install-scripts/);
    expect(fs.existsSync(path.join(dir, 'node_modules', '@napi-rs', 'canvas'))).toBe(false);
    for (const f of ['LICENSE', 'README.md', 'dist/index.js', 'dist/index.d.ts', 'bundle/cli.js', 'bundle/parser-entry.js', 'bundle/worker.js']) expect(fs.existsSync(path.join(dir, 'node_modules', 'plan-extract', f)), f).toBe(true);

    const run = spawnSync(path.join(dir, 'node_modules', '.bin', 'plan-extract'), [fixture('sample-calc.pdf'), '--pages', '1', '-q'], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout).sections[0].department).toBe('市民部市民総務課');

    const script = `const { extractFile } = require('plan-extract'); extractFile(${JSON.stringify(fixture('sample-calc.pdf'))}, { pages: [1] }).then((d) => console.log(d.sections[0].plans.length));`;
    const required = spawnSync(process.execPath, ['-e', script], { cwd: dir, encoding: 'utf8' });
    expect(required.stderr).toBe('');
    expect(required.stdout.trim()).toBe('3'); // page 1 of sample-calc holds plans 1–3 of 市民総務課
  }, 180_000);
});
