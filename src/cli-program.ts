// The command line's program as one script: scripts/bundle.mjs makes bundle/cli-program.cjs of this
// entry (and of everything it loads), which bin/ runs with V8's code cache (program-script.ts).

export { main } from './cli.js';
export { processStats } from './stats.js';
