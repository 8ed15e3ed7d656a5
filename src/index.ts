export { extractBuffer, extractFile, extractCells, type ExtractOptions } from './extract.js';
export type { ReadOptions } from './options.js';
export { PlanExtractError, EXIT, type ErrorCode, type ErrorLocation } from './errors.js';
export { mergeDocuments } from './merge.js';
export { dataPackage, mergedAsDocuments, type DataPackageFiles } from './writers/datapackage.js';
export { toXlsx } from './writers/xlsx.js';
export * from './schema.js';
