#!/usr/bin/env node
import { main, processStats } from '../dist/cli.js';

// A closed pipe (`plan-extract x.pdf | head`) is the reader's choice, not an error.
process.stdout.on('error', (err) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});

if (process.env.PLAN_EXTRACT_STATS === '1') {
  process.on('exit', () => process.stderr.write(`plan-extract-stats ${JSON.stringify(processStats())}\n`));
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`plan-extract: internal error: ${err?.message ?? err}\n`);
    process.exitCode = 70;
  },
);
