import { ConfigError } from '../errors.js';
import type { Config } from '../model/config.js';
import type { YamlSource } from '../yaml/yaml-source.js';
import { assignTables, type TableFacts } from './assign-tables.js';
import { buildConfig } from './build-config.js';
import { type ConfigView, viewOf } from './config-view.js';
import { crossCheck } from './cross-checks.js';
import { type DefaultsResult, resolveDefaults } from './defaults.js';
import { checkInterfaces } from './host-checks.js';
import { configFileSchema } from './schema.js';
import { fromZodIssues, type PathIssue } from './zod-issues.js';

/**
 * A document's value checked as far as it can be without the host: its shape, its cross-field rules
 * and its defaults. Apply builds this while the host is still being read.
 */
export type CheckedFile = {
  readonly view: ConfigView;
  readonly defaults: DefaultsResult;
  readonly shapeIssues: readonly PathIssue[];
  readonly crossIssues: readonly PathIssue[];
};

/** A config, or every problem with the file (paths only; lines come from the YAML source). */
export type Checked = { readonly config: Config } | { readonly issues: readonly PathIssue[] };

/** Checks what needs no host facts. */
export function checkFile(value: unknown): CheckedFile {
  const shape = configFileSchema.safeParse(value, { reportInput: true });
  const view = viewOf(value, shape.success ? shape.data : undefined);
  return {
    view,
    defaults: resolveDefaults(view),
    shapeIssues: shape.success ? [] : fromZodIssues(shape.error.issues),
    crossIssues: crossCheck(view),
  };
}

/** Finishes `checkFile` against the host's facts; `interfaces` undefined skips the host check. */
export function checkAgainstHost(
  file: string,
  checked: CheckedFile,
  facts: TableFacts,
  interfaces: readonly string[] | undefined,
): Checked {
  const { view, defaults } = checked;
  const tables = assignTables(view, facts);
  const issues: PathIssue[] = [
    ...checked.shapeIssues,
    ...checked.crossIssues,
    ...tables.issues,
    ...defaults.issues,
    ...(interfaces === undefined ? [] : checkInterfaces(view, interfaces)),
  ];
  if (issues.length > 0) return { issues };
  return { config: buildConfig(file, view, tables.tables, defaults.defaults) };
}

/**
 * Validates a parsed document; `interfaces` undefined skips the host check. Throws a ConfigError
 * listing every problem with its line, in line order.
 */
export function validate(
  source: YamlSource,
  facts: TableFacts,
  interfaces: readonly string[] | undefined,
): Config {
  const checked = checkAgainstHost(source.file, checkFile(source.value), facts, interfaces);
  if ('config' in checked) return checked.config;
  const located = source.withLines(checked.issues).map((issue, order) => ({ issue, order }));
  located.sort((a, b) => (a.issue.line ?? 0) - (b.issue.line ?? 0) || a.order - b.order);
  throw new ConfigError(
    source.file,
    located.map(({ issue }) => issue),
  );
}
