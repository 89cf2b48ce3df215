import * as z from 'zod';
import { configFileSchema } from './schema.js';

/** Where the generated schema is committed, relative to the package root. */
export const SCHEMA_PATH = 'schema/multihome.schema.json';

/**
 * The config file's JSON Schema, generated from the same zod schema the loader uses so editors and the
 * loader cannot disagree about the shape. Cross-field rules (subnets, duplicates) stay loader-only.
 */
export function configJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(configFileSchema, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' });
}

/** The schema file's exact text: stable key order, two-space indent, trailing newline. */
export function renderJsonSchema(): string {
  return `${JSON.stringify(configJsonSchema(), null, 2)}\n`;
}
