#!/usr/bin/env node
// Writes schemas/*.schema.json from the zod schemas (run `npm run build` first; `npm run schemas` does both).
import fs from 'node:fs';
import { JSON_SCHEMAS, jsonSchemaText } from '../dist/json-schema.js';

const dir = new URL('../schemas/', import.meta.url);
fs.mkdirSync(dir, { recursive: true });
for (const name of Object.keys(JSON_SCHEMAS)) {
  fs.writeFileSync(new URL(JSON_SCHEMAS[name].file, dir), jsonSchemaText(name));
  console.log('wrote schemas/' + JSON_SCHEMAS[name].file);
}
