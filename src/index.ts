export { extractBuffer, extractFile, extractCells, type ExtractOptions } from './extract.js';
export { PlanExtractError, EXIT, type ErrorCode } from './errors.js';
export { mergeDocuments } from './merge.js';
export { dataPackage, mergedAsDocuments } from './writers/datapackage.js';
export { toXlsx } from './writers/xlsx.js';
export * from './schema.js';
