export { extractBuffer, extractFile, extractCells, type ExtractOptions } from './extract.js';
export { PlanExtractError, EXIT, type ErrorCode } from './errors.js';
export * from './schema.js';
