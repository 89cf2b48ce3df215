import { ConfigError } from '../errors.js';
import type { YamlSource } from '../yaml/yaml-source.js';
import { parseYamlSource } from '../yaml/yaml-source.js';
import { assignTables, type TableFacts } from './assign-tables.js';
import { buildConfig } from './build-config.js';
import { viewOf } from './config-view.js';
import { crossCheck } from './cross-checks.js';
import { resolveDefaults } from './defaults.js';
import { checkInterfaces } from './host-checks.js';
import { configFileSchema } from './schema.js';
import type { Config, HostFacts } from './types.js';
import { fromZodIssues, type PathIssue } from './zod-issues.js';

/**
 * Validates everything except that interfaces exist, for callers without host facts (the lab generating
 * configs, schema tests). Throws a ConfigError listing every problem with its line.
 */
export function parseConfigSyntax(text: string, file: string, facts: TableFacts = {}): Config {
  return validate(parseYamlSource(text, file), facts, undefined);
}

/** Parses and validates a config against the host it will be applied to; pure, throws only ConfigError. */
export function parseConfig(text: string, file: string, facts: HostFacts): Config {
  return validate(parseYamlSource(text, file), facts, facts.interfaces);
}

/** Validates an already parsed document; `interfaces` undefined skips the host check. */
export function validate(
  source: YamlSource,
  facts: TableFacts,
  interfaces: readonly string[] | undefined,
): Config {
  const shape = configFileSchema.safeParse(source.value, { reportInput: true });
  const view = viewOf(source.value, shape.success ? shape.data : undefined);
  const tables = assignTables(view, facts);
  const defaults = resolveDefaults(view);
  const issues: PathIssue[] = [
    ...(shape.success ? [] : fromZodIssues(shape.error.issues)),
    ...crossCheck(view),
    ...tables.issues,
    ...defaults.issues,
    ...(interfaces === undefined ? [] : checkInterfaces(view, interfaces)),
  ];
  if (issues.length > 0) {
    const located = source.withLines(issues).map((issue, order) => ({ issue, order }));
    located.sort((a, b) => (a.issue.line ?? 0) - (b.issue.line ?? 0) || a.order - b.order);
    throw new ConfigError(
      source.file,
      located.map(({ issue }) => issue),
    );
  }
  return buildConfig(source.file, view, tables.tables, defaults.defaults);
}
