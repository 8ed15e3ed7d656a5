import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMAND_LINE_INTERRUPT_BUDGET, flagGivenByUser } from '../src/v8-flags.js';
import { testDir } from './helpers/temp.js';

/** Runs the helper in a fresh Node.js: tuned as the command line is or not, with extra Node.js arguments. */
function run(tune: boolean, mode: 'make' | 'take', codeFile: string, nodeArgs: string[] = []): { here: string; inThread: string; codeTaken: boolean | null } {
  const out = execFileSync(process.execPath, [...nodeArgs, path.join('tests', 'helpers', 'v8-flags.mjs'), mode, codeFile], {
    env: { ...process.env, TUNE: tune ? '1' : '0', NODE_OPTIONS: '' },
    encoding: 'utf8',
  });
  return JSON.parse(out);
}

describe("the command line's V8 flags", () => {
  it('are set for the whole process, seen by the threads started afterwards, and change the code V8 takes back', () => {
    const dir = testDir('v8-flags');
    const tunedCode = path.join(dir, 'tuned.bin');
    const flags = `--interrupt-budget=${COMMAND_LINE_INTERRUPT_BUDGET}`;
    expect(run(true, 'make', tunedCode)).toEqual({ here: flags, inThread: flags, codeTaken: null });
    // V8 takes code back only under the flags it was compiled with: proof that the flag was set.
    expect(run(true, 'take', tunedCode).codeTaken).toBe(true);
    expect(run(false, 'take', tunedCode)).toEqual({ here: '', inThread: '', codeTaken: false });
    // A budget the user gives Node.js is left as given (and the code, compiled under another, refused).
    expect(run(true, 'take', tunedCode, ['--interrupt-budget=1000'])).toEqual({ here: '', inThread: '', codeTaken: false });
  });

  it('leave a flag the user gave on the command line or in NODE_OPTIONS', () => {
    expect(flagGivenByUser('interrupt-budget', ['--interrupt-budget=1000'], '')).toBe(true);
    expect(flagGivenByUser('interrupt-budget', ['--interrupt_budget', '5'], '')).toBe(true);
    expect(flagGivenByUser('interrupt-budget', [], '--max-old-space-size=100 --interrupt-budget=9')).toBe(true);
    expect(flagGivenByUser('interrupt-budget', ['--interrupt-budget-for-feedback-allocation=9'], '--interrupt-budget-factor-for-feedback-allocation=2')).toBe(false);
    expect(flagGivenByUser('interrupt-budget', ['--max-old-space-size=100'], '')).toBe(false);
  });
});
