/**
 * How a publication is read: one object from the command line through the batch and its workers
 * to the library. `pages` is resolved once (sorted, each page once) by `resolveReadOptions`.
 */
export interface ReadOptions {
  /** 1-based pages to read, sorted, each once; absent: every page. */
  pages?: number[];
  /** Password of an encrypted PDF. */
  password?: string;
  /** Refuse documents with more pages than this. */
  maxPages?: number;
  /** The fiscal year of the publication (otherwise read from its text or file name). */
  fiscalYear?: number;
}

/** The options with `pages` sorted and each page once. */
export function resolveReadOptions(options: ReadOptions): ReadOptions {
  const resolved: ReadOptions = { ...options };
  if (options.pages) resolved.pages = [...new Set(options.pages)].sort((a, b) => a - b);
  else delete resolved.pages;
  return resolved;
}
