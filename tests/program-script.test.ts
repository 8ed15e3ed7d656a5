import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { cli, fixture, root } from './helpers/cli.js';
import { testDir } from './helpers/temp.js';

/** A run of the command line with this cache folder: its exit code, output, and how it loaded its program (PLAN_EXTRACT_STATS). */
function run(args: string[], cache: string) {
  const r = cli(args, { env: { ...process.env, PLAN_EXTRACT_CACHE_DIR: cache, PLAN_EXTRACT_STATS: '1' } });
  const stats = /plan-extract-stats (\{.*\})/.exec(r.stderr);
  return { ...r, program: stats ? (JSON.parse(stats[1]) as { program: string }).program : null };
}

describe("the command line's program run as one script with V8's code cache", () => {
  it('is a script whose dynamic imports are made by its loader', () => {
    const code = fs.readFileSync(path.join(root, 'bundle', 'cli-program.cjs'), 'utf8');
    const file = ts.createSourceFile('cli-program.cjs', code, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
    const imports: string[] = [];
    const visit = (node: ts.Node) => {
      if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) imports.push(node.getText(file));
      if (ts.isMetaProperty(node)) imports.push(node.getText(file));
      ts.forEachChild(node, visit);
    };
    visit(file);
    expect(imports).toEqual([]);
    // pdf.js imported as a module when its script cannot be used, exceljs and jszip for -f xlsx.
    expect(code.match(/\b__import\(/g)?.length).toBe(3);
  });

  it('keeps its compiled code after a run that read a document, takes it back, and reads the same', () => {
    const cache = testDir('program-code');
    const folder = path.join(cache, 'program');
    const input = fixture('sample-chromium.pdf');
    const modules = cli([input], { env: { ...process.env, PLAN_EXTRACT_CACHE_DIR: '', PLAN_EXTRACT_PROGRAM: 'dist' } });

    // A run that reads no document keeps nothing.
    expect(run(['--version'], cache).program).toBe('compiled');
    expect(fs.existsSync(folder)).toBe(false);

    // Code of an older build of the program, for this Node.js, is removed when the code is kept.
    fs.mkdirSync(folder, { recursive: true });
    const older = `program-${process.version}-${process.arch}-0000000000000000-00000000.cache`;
    fs.writeFileSync(path.join(folder, older), 'old');
    const first = run([input], cache);
    expect(first.program).toBe('compiled');
    expect(first.code).toBe(0);
    const kept = fs.readdirSync(folder);
    expect(kept).toHaveLength(1);
    expect(kept[0]).toMatch(new RegExp(`^program-${process.version}-${process.arch}-[0-9a-f]{16}-[0-9a-f]{8}\\.cache$`));

    const second = run([input], cache);
    expect(second.program).toBe('cached');
    expect(second.stdout).toBe(first.stdout);
    expect(second.stdout).toBe(modules.stdout);
    expect(second.stderr.replace(/plan-extract-stats .*\n/, '')).toBe(modules.stderr);

    // Code V8 refuses (here: not code at all) is compiled again and replaced.
    fs.writeFileSync(path.join(folder, kept[0]), 'not code');
    expect(run([input, '-f', 'cells'], cache).program).toBe('compiled');
    expect(run([input, '-f', 'cells'], cache).program).toBe('cached');
    // No cache folder: compiled, nothing kept.
    expect(run([input, '-f', 'cells'], '').program).toBe('compiled');
  }, 60_000);
});
