import fs from 'node:fs';

/**
 * Where the command line's modules are: the bundle (bundle/, made by scripts/bundle.mjs from dist/)
 * when it is there and not older than dist/, otherwise dist/ as tsc built it (a checkout where only
 * tsc ran since). PLAN_EXTRACT_PROGRAM=dist runs dist/ whatever the bundle (stack traces name the
 * source files). Each entry's URL, by name; `cliProgram`, the bundle's program as one script, run
 * by `programScript` with V8's code cache (src/program-script.ts), when the bundle has it.
 */
export function programFiles(root, env = process.env) {
  const bundled = new URL('bundle/cli.js', root);
  const built = new URL('dist/cli.js', root);
  const useBundle = env.PLAN_EXTRACT_PROGRAM !== 'dist' && fs.existsSync(bundled) && (!fs.existsSync(built) || fs.statSync(bundled).mtimeMs >= fs.statSync(built).mtimeMs);
  const at = (inBundle, inDist) => new URL(useBundle ? `bundle/${inBundle}` : `dist/${inDist}`, root);
  return {
    bundled: useBundle,
    v8Flags: at('v8-flags.js', 'v8-flags.js'),
    parserThread: at('parser-thread.js', 'pdf/parser-thread.js'),
    cli: at('cli.js', 'cli.js'),
    stats: at('stats.js', 'stats.js'),
    ...(useBundle && fs.existsSync(new URL('bundle/cli-program.cjs', root))
      ? { cliProgram: new URL('bundle/cli-program.cjs', root), programScript: new URL('bundle/program-script.js', root) }
      : {}),
  };
}
