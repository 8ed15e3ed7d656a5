import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { asScript, escapedToAscii } from '../src/pdf/code-cache.js';
import { cli, fixture } from './helpers/cli.js';
import { testDir } from './helpers/temp.js';

/** How a fresh thread with this cache folder loads one of pdf.js's halves (it then saves the compiled code). */
function loadIn(cacheDir: string, half: 'parsing' | 'display' = 'parsing'): Promise<string> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./helpers/parsing-half.mjs', import.meta.url), { env: { ...process.env, PLAN_EXTRACT_CACHE_DIR: cacheDir }, workerData: { half } });
    worker.once('message', (how) => {
      void worker.terminate();
      resolve(how);
    });
    worker.once('error', reject);
  });
}

describe("pdf.js's parsing half run as a script with V8's code cache", () => {
  it('is the module as a function returning its export, import.meta.url given, strict', async () => {
    const body = asScript("const where = import.meta.url;\nclass WorkerMessageHandler { static where() { return where; } }\nexport { WorkerMessageHandler };", 'file:///x/pdf.worker.mjs');
    expect(body).not.toBeNull();
    const { WorkerMessageHandler } = await (0, eval)(body!)();
    expect(WorkerMessageHandler.where()).toBe('file:///x/pdf.worker.mjs');
    await expect(() => (0, eval)(asScript('undeclared = 1;\nexport { WorkerMessageHandler };', 'file:///x')!)()).rejects.toThrow(ReferenceError);
    // Of another shape: imported as a module.
    expect(asScript("import x from 'y';\nexport { WorkerMessageHandler };", 'file:///x')).toBeNull();
    expect(asScript('export { WorkerMessageHandler };\nexport { WorkerMessageHandler };', 'file:///x')).toBeNull();
    expect(asScript('export default 1;', 'file:///x')).toBeNull();
    expect(asScript('export const a = 1;\nexport { b };', 'file:///x')).toBeNull();
  });

  it('returns every name of the export list, renamed ones under their exported name', async () => {
    const body = asScript('const a = 1;\nfunction b() { return 2; }\nclass C {}\nexport { a, b as two, C };\n\n//# sourceMappingURL=x.mjs.map\n', 'file:///x');
    expect(body).not.toBeNull();
    const exports = await (0, eval)(body!)();
    expect(Object.keys(exports)).toEqual(['a', 'two', 'C']);
    expect([exports.a, exports.two()]).toEqual([1, 2]);
    // Not the list it ends with: not of the shape.
    expect(asScript('export { a };\nconst a = 1;', 'file:///x')).toBeNull();
  });

  it("builds pdf.js's Brotli decoder on first use, not as the script loads", async () => {
    const module = [
      'let built = 0;',
      'let makeBrotliDecode = () => { built++; return (x) => x * 2; };',
      'let BrotliDecode = makeBrotliDecode();',
      'class WorkerMessageHandler { static decode(x) { return BrotliDecode(x); } static built() { return built; } }',
      'export { WorkerMessageHandler };',
    ].join('\n');
    const { WorkerMessageHandler } = await (0, eval)(asScript(module, 'file:///x')!)();
    expect(WorkerMessageHandler.built()).toBe(0);
    expect([WorkerMessageHandler.decode(3), WorkerMessageHandler.decode(4)]).toEqual([6, 8]);
    expect(WorkerMessageHandler.built()).toBe(1);
    // Without the line once, the source is left as it is.
    const twice = module.replace('let BrotliDecode = makeBrotliDecode();', 'let BrotliDecode = makeBrotliDecode(); // let BrotliDecode = makeBrotliDecode();');
    const { WorkerMessageHandler: eager } = await (0, eval)(asScript(twice, 'file:///x')!)();
    expect(eager.built()).toBe(1);
  });

  it('writes characters beyond ASCII as escapes that read the same, unless a template literal is on their line', () => {
    const source = "const a = 'Trinité ﬅ 😀';\nconst b = /[ſ]/.test('ſ');\nconst c = `plain`;";
    const ascii = escapedToAscii(source)!;
    expect(ascii).toMatch(/^[\x00-\x7f]*$/);
    expect(ascii).toContain("'Trinit\\u00e9 \\ufb05 \\ud83d\\ude00'");
    expect((0, eval)(`${ascii}; [a, b, c]`)).toEqual(['Trinité ﬅ 😀', true, 'plain']);
    expect(escapedToAscii('const t = `é`;')).toBeNull();
    expect(escapedToAscii('plain')).toBe('plain');
  });

  it('keeps the compiled code in the cache folder, takes it back, and reads the same cells with it', async () => {
    const cache = testDir('code-cache');
    // What an earlier pdf.js file left for this Node.js is removed when the code is saved.
    const folder = path.join(cache, `pdfjs-${JSON.parse(fs.readFileSync(path.join('node_modules', 'pdfjs-dist', 'package.json'), 'utf8')).version}`);
    fs.mkdirSync(folder, { recursive: true });
    fs.writeFileSync(path.join(folder, `parsing-half-${process.version}-${process.arch}-0000000000000000-00000000.cache`), 'old');
    fs.writeFileSync(path.join(folder, `parsing-half-${process.version}-${process.arch}-0000000000000000.js`), 'old');

    expect(await loadIn(cache)).toBe('compiled');
    const ofParsingHalf = () => fs.readdirSync(folder).filter((f) => f.startsWith('parsing-half-'));
    const kept = ofParsingHalf().sort();
    expect(kept).toHaveLength(2);
    expect(kept[0]).toMatch(/^parsing-half-.*-[0-9a-f]{16}-[0-9a-f]{8}\.cache$/);
    expect(kept[1]).toMatch(/^parsing-half-.*-[0-9a-f]{16}\.js$/);
    expect(kept[0].startsWith(kept[1].replace(/\.js$/, '-'))).toBe(true);
    expect(fs.readFileSync(path.join(folder, kept[1]), 'latin1')).toMatch(/^[\x00-\x7f]*$/);
    expect(await loadIn(cache)).toBe('cached');

    const withCache = cli([fixture('sample-calc.pdf'), '-f', 'cells'], { env: { ...process.env, PLAN_EXTRACT_CACHE_DIR: cache } });
    const without = cli([fixture('sample-calc.pdf'), '-f', 'cells'], { env: { ...process.env, PLAN_EXTRACT_CACHE_DIR: '' } });
    expect(withCache.code).toBe(0);
    expect(withCache.stdout).toBe(without.stdout);
    expect(JSON.parse(withCache.stdout).pages.length).toBeGreaterThan(0);
    // The command line runs V8 with flags of its own (v8-flags.ts), under which V8 refuses code
    // compiled without them: its code is kept beside the library's, from the same script.
    const ofCli = ofParsingHalf().filter((f) => !kept.includes(f));
    expect(ofCli).toHaveLength(1);
    expect(ofCli[0]).toMatch(/\.cache$/);
    expect(ofCli[0].startsWith(kept[1].replace(/\.js$/, '-'))).toBe(true);
    expect(cli([fixture('sample-calc.pdf'), '-f', 'cells'], { env: { ...process.env, PLAN_EXTRACT_CACHE_DIR: cache } }).stdout).toBe(without.stdout);
    expect(ofParsingHalf().sort()).toEqual([...kept, ...ofCli].sort());
    expect(await loadIn(cache)).toBe('cached');
    fs.rmSync(path.join(folder, ofCli[0]));

    // Code V8 refuses (here: not code at all) is compiled again and replaced.
    fs.writeFileSync(path.join(folder, kept[0]), 'not code');
    expect(await loadIn(cache)).toBe('compiled');
    expect(await loadIn(cache)).toBe('cached');

    // A kept script that does not compile: pdf.js is imported as a module, and what was kept removed.
    fs.writeFileSync(path.join(folder, kept[1]), 'syntax error (');
    expect(await loadIn(cache)).toBe('import');
    expect(ofParsingHalf()).toEqual([]);
    expect(await loadIn(cache)).toBe('compiled');
  }, 60_000);

  it("keeps the display half's compiled code too, which the command line then reads the same with", async () => {
    const cache = testDir('code-cache-display');
    const folder = path.join(cache, `pdfjs-${JSON.parse(fs.readFileSync(path.join('node_modules', 'pdfjs-dist', 'package.json'), 'utf8')).version}`);
    expect(await loadIn(cache, 'display')).toBe('compiled');
    const kept = fs.readdirSync(folder).sort();
    expect(kept).toHaveLength(2);
    expect(kept[0]).toMatch(/^display-half-.*-[0-9a-f]{16}-[0-9a-f]{8}\.cache$/);
    expect(kept[1]).toMatch(/^display-half-.*-[0-9a-f]{16}\.js$/);
    expect(await loadIn(cache, 'display')).toBe('cached');

    const env = { ...process.env, PLAN_EXTRACT_CACHE_DIR: cache };
    const first = cli([fixture('sample-calc.pdf')], { env });
    const second = cli([fixture('sample-calc.pdf')], { env });
    const without = cli([fixture('sample-calc.pdf')], { env: { ...process.env, PLAN_EXTRACT_CACHE_DIR: '' } });
    expect(first.code).toBe(0);
    expect(first.stdout).toBe(without.stdout);
    expect(second.stdout).toBe(without.stdout);
    // The command line's own (other V8 flags), beside the library's, for each half.
    const displayCode = fs.readdirSync(folder).filter((f) => f.startsWith('display-half-') && f.endsWith('.cache'));
    expect(displayCode).toHaveLength(2);
  }, 60_000);
});
