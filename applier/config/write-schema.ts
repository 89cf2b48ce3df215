import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { renderJsonSchema, SCHEMA_PATH } from './json-schema.js';

// Build-time script (`npm run schema`): regenerates the committed JSON Schema; a unit test fails if it drifts.
const target = resolve(process.argv[2] ?? SCHEMA_PATH);
mkdirSync(dirname(target), { recursive: true });
writeFileSync(target, renderJsonSchema());
process.stdout.write(`wrote ${target}\n`);
