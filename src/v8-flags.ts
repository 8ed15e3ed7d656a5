import v8 from 'node:v8';
import { getEnvironmentData, setEnvironmentData } from 'node:worker_threads';

/**
 * V8's budget for optimizing a function (bytes of its bytecode run between two looks at whether
 * it is hot), for the command line: nine times V8's default (67,584 in Node.js 20). A run reads
 * one publication in a second or two; by default V8 runs its optimizing compiler about 200 times
 * in that time (23 pages), on functions of pdf.js and of this program in both threads, some
 * several times over (optimized, given up when a new kind of value arrives, optimized again), and
 * the compiler's threads then took as much CPU as the thread reading the pages (0.7–1.0 s of
 * 2.3 s) on a machine with two cores, where every thread competes with the others. With this
 * budget only the code that runs longest is optimized (67 compilations). Measured, whole process,
 * alternating runs: 23 pages -f cells 0.90x (CPU 1.85 against 2.30 s), json 0.90x; 46 and 92
 * pages 0.97x; 208 pages the same (1.02x, 5% less CPU); a batch of 20 with --jobs 2 0.93x,
 * --jobs 1 the same. Higher budgets help a 23-page publication a little more and cost longer
 * documents: 208 pages 1.05–1.3x with twice or four times this one.
 */
export const COMMAND_LINE_INTERRUPT_BUDGET = 600_000;

/** The key under which the V8 flags set here are passed on to the threads started afterwards. */
const FLAGS_KEY = 'plan-extract:v8-flags';

/** Whether a flag of that name was given to Node.js by the user (command line or NODE_OPTIONS): it is then left as given. */
export function flagGivenByUser(name: string, execArgv: readonly string[] = process.execArgv, nodeOptions = process.env.NODE_OPTIONS ?? ''): boolean {
  // V8 reads - and _ in a flag's name alike.
  const given = (arg: string) => arg.split('=')[0].replaceAll('_', '-') === `--${name}`;
  return execArgv.some(given) || nodeOptions.split(/\s+/).some(given);
}

/**
 * Sets the command line's V8 flags (see COMMAND_LINE_INTERRUPT_BUDGET) for the whole process,
 * before the program is loaded. Flags are the process's, not a thread's: the library, used in
 * another program, leaves them alone.
 */
export function tuneV8ForCommandLine(): void {
  if (flagGivenByUser('interrupt-budget')) return;
  const flags = `--interrupt-budget=${COMMAND_LINE_INTERRUPT_BUDGET}`;
  v8.setFlagsFromString(flags);
  setEnvironmentData(FLAGS_KEY, flags);
}

/**
 * The V8 flags set by tuneV8ForCommandLine in this process ('' when none), in any thread: V8
 * refuses code it compiled under other flags, so the code cache keeps code apart by them.
 */
export function v8FlagsSetHere(): string {
  const flags = getEnvironmentData(FLAGS_KEY);
  return typeof flags === 'string' ? flags : '';
}
