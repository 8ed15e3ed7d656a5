/** Exit codes of the command line tool; documented in README.md and --help. */
export const EXIT = {
  ok: 0,
  usage: 1,
  unreadable: 2,
  warnings: 3,
  noTable: 4,
  internal: 70,
} as const;

export type ErrorCode =
  | 'INPUT_MISSING'
  | 'NOT_PDF'
  | 'CORRUPT_PDF'
  | 'ENCRYPTED'
  | 'BAD_PASSWORD'
  | 'NO_TEXT_LAYER'
  | 'NO_PLAN_TABLE'
  | 'TOO_MANY_PAGES'
  | 'NO_SUCH_PAGE'
  | 'TIMEOUT'
  | 'MEMORY_LIMIT'
  | 'SCHEMA_VIOLATION';

const EXIT_BY_CODE: Record<ErrorCode, number> = {
  INPUT_MISSING: EXIT.unreadable,
  NOT_PDF: EXIT.unreadable,
  CORRUPT_PDF: EXIT.unreadable,
  ENCRYPTED: EXIT.unreadable,
  BAD_PASSWORD: EXIT.unreadable,
  NO_TEXT_LAYER: EXIT.noTable,
  NO_PLAN_TABLE: EXIT.noTable,
  TOO_MANY_PAGES: EXIT.unreadable,
  NO_SUCH_PAGE: EXIT.usage,
  TIMEOUT: EXIT.unreadable,
  MEMORY_LIMIT: EXIT.unreadable,
  SCHEMA_VIOLATION: EXIT.internal,
};

/** Where in the publication an error is: the page that could not be read. */
export interface ErrorLocation {
  page?: number;
}

/** Every error this library throws on purpose; its message is one line for the user. */
export class PlanExtractError extends Error {
  readonly code: ErrorCode;
  readonly exitCode: number;
  readonly location: ErrorLocation;

  constructor(code: ErrorCode, message: string, location: ErrorLocation = {}) {
    super(message);
    this.name = 'PlanExtractError';
    this.code = code;
    this.exitCode = EXIT_BY_CODE[code];
    this.location = location;
  }
}

/** An error as one file's outcome in a batch: a code, a one-line message and the exit code. */
export interface FileError {
  code: string;
  message: string;
  exitCode: number;
}

export function toFileError(err: unknown): FileError {
  if (err instanceof PlanExtractError) return { code: err.code, message: err.message, exitCode: err.exitCode };
  if ((err as NodeJS.ErrnoException)?.code === 'ERR_WORKER_OUT_OF_MEMORY') {
    return { code: 'TOO_LARGE', message: 'out of memory reading this file (a page too large to read)', exitCode: EXIT.unreadable };
  }
  return { code: 'INTERNAL', message: `internal error: ${(err as Error)?.message ?? String(err)}`, exitCode: EXIT.internal };
}
