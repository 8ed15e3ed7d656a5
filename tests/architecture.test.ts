import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

// The shape of src/ as the developers' guide asks for it: small modules with few neighbours, no
// cycle, short functions. Read from the sources with the TypeScript parser.

const SRC = path.resolve(__dirname, '..', 'src');
/** The ground floor every stage may use: the schemas, the errors, the geometry types. */
const GROUND = new Set(['schema.ts', 'errors.ts', 'geometry.ts']);
const MAX_IMPORTS = 5;
const MAX_FUNCTION_LINES = 80;

const files = fs.readdirSync(SRC, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts')).map((f) => f.split(path.sep).join('/')).sort();
const sources = new Map(files.map((f) => [f, ts.createSourceFile(f, fs.readFileSync(path.join(SRC, f), 'utf8'), ts.ScriptTarget.Latest, true)]));

/** The modules of src/ a module imports or re-exports from (type-only imports included). */
function importsOf(file: string): string[] {
  const out = new Set<string>();
  sources.get(file)!.forEachChild((node) => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      const spec = node.moduleSpecifier.text;
      if (spec.startsWith('.')) out.add(path.posix.join(path.posix.dirname(file), spec).replace(/\.js$/, '.ts'));
    }
  });
  return [...out];
}

const graph = new Map(files.map((f) => [f, importsOf(f)]));

describe('the import graph of src/', () => {
  it('resolves every relative import to a module of src/', () => {
    const dangling = [...graph].flatMap(([f, deps]) => deps.filter((d) => !sources.has(d)).map((d) => `${f} → ${d}`));
    expect(dangling).toEqual([]);
  });

  it(`has no module importing more than ${MAX_IMPORTS} others (schema, errors and geometry not counted)`, () => {
    const heavy = [...graph]
      .map(([f, deps]) => ({ f, deps: deps.filter((d) => !GROUND.has(d)) }))
      .filter(({ deps }) => deps.length > MAX_IMPORTS)
      .map(({ f, deps }) => `${f}: ${deps.join(', ')}`);
    expect(heavy).toEqual([]);
  });

  it('has no cycle', () => {
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const stack: string[] = [];
    const visit = (f: string) => {
      state.set(f, 'open');
      stack.push(f);
      for (const d of graph.get(f) ?? []) {
        if (state.get(d) === 'open') cycles.push([...stack.slice(stack.indexOf(d)), d].join(' → '));
        else if (!state.has(d)) visit(d);
      }
      stack.pop();
      state.set(f, 'done');
    };
    for (const f of files) if (!state.has(f)) visit(f);
    expect(cycles).toEqual([]);
  });

  it('keeps the document stages apart from the command line and the batch', () => {
    // The library (extract.ts and what it reaches) never reaches the CLI, the batch or the writers.
    const reached = new Set<string>();
    const walk = (f: string) => {
      if (reached.has(f)) return;
      reached.add(f);
      for (const d of graph.get(f) ?? []) walk(d);
    };
    walk('extract.ts');
    expect([...reached].filter((f) => f.startsWith('cli') || f.startsWith('batch/') || f.startsWith('writers/'))).toEqual([]);
  });
});

describe('functions in src/', () => {
  it(`are at most ${MAX_FUNCTION_LINES} lines long`, () => {
    const long: string[] = [];
    for (const [file, sf] of sources) {
      const visit = (node: ts.Node) => {
        if (ts.isFunctionLike(node) && 'body' in node && node.body) {
          const first = sf.getLineAndCharacterOfPosition(node.getStart()).line;
          const last = sf.getLineAndCharacterOfPosition(node.getEnd()).line;
          if (last - first + 1 > MAX_FUNCTION_LINES) long.push(`${file}:${first + 1} (${last - first + 1} lines)`);
        }
        ts.forEachChild(node, visit);
      };
      visit(sf);
    }
    expect(long).toEqual([]);
  });
});

describe('the public API', () => {
  it('is what the README library section lists, and the README lists nothing else', async () => {
    const readme = fs.readFileSync(path.resolve(__dirname, '..', 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Library'), readme.indexOf('## How it works'));
    const table = section.split('\n').filter((l) => l.startsWith('| `'));
    const named = new Set(table.flatMap((l) => [...l.split('|')[1].matchAll(/`(\w+)/g)].map((m) => m[1])));
    const lib = (await import('../src/index.js')) as Record<string, unknown>;
    const index = sources.get('index.ts')!.getText();
    const schema = sources.get('schema.ts')!.getText();
    // Every name in the table is exported: a value at run time, a type by name in index.ts (or schema.ts, exported whole).
    const missing = [...named].filter((n) => !(n in lib) && !new RegExp(`\\b(type )?${n}\\b`).test(index) && !new RegExp(`export (type|interface) ${n}\\b`).test(schema));
    expect(missing).toEqual([]);
    // Every export of index.ts outside the schemas is in the table.
    const explicit = [...index.matchAll(/export (?:type )?\{([^}]*)\}/g)].flatMap((m) => m[1].split(',').map((n) => n.trim().replace(/^type /, '')));
    expect(explicit.filter((n) => !named.has(n))).toEqual([]);
  });
});
