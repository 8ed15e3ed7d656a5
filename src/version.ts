import { createRequire } from 'node:module';

/** The package version, read from package.json (next to src/ and dist/). */
export const VERSION: string = (createRequire(import.meta.url)('../package.json') as { version: string }).version;

/** What the output records as its producer: `source.producer`, index.json. */
export const PRODUCER = `plan-extract ${VERSION}`;
