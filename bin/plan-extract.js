#!/usr/bin/env node
import { main } from '../dist/cli.js';

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`plan-extract: internal error: ${err?.message ?? err}\n`);
    process.exitCode = 70;
  },
);
