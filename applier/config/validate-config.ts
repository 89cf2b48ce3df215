import { ConfigError } from '../errors.js';
import type { Config } from '../model/config.js';
import type { YamlSource } from '../yaml/yaml-source.js';
import { assignMarks, type MarkFacts } from './assign-marks.js';
import { assignTables, type TableFacts } from './assign-tables.js';
import { buildConfig } from './build-config.js';
import { viewOf } from './config-view.js';
import { crossCheck } from './cross-checks.js';
import { resolveDefaults } from './defaults.js';
import { checkInterfaces } from './host-checks.js';
import { configFileSchema } from './schema.js';
import { fromZodIssues, type PathIssue } from './zod-issues.js';

/**
 * Validates a parsed document; `interfaces` undefined skips the host check. Throws a ConfigError
 * listing every problem with its line, in line order: the shape, the cross-field rules, the tables,
 * the defaults and the interfaces are all checked, so one mistake does not hide another.
 */
export function validate(
  source: YamlSource,
  facts: TableFacts & MarkFacts,
  interfaces: readonly string[] | undefined,
): Config {
  const shape = configFileSchema.safeParse(source.value, { reportInput: true });
  const view = viewOf(source.value);
  const defaults = resolveDefaults(view);
  const tables = assignTables(view, facts);
  const marks = assignMarks(view, facts);
  const issues: PathIssue[] = [
    ...(shape.success ? [] : fromZodIssues(shape.error.issues)),
    ...crossCheck(view),
    ...tables.issues,
    ...marks.issues,
    ...defaults.issues,
    ...(interfaces === undefined ? [] : checkInterfaces(view, interfaces)),
  ];
  if (issues.length === 0)
    return buildConfig(source.file, view, tables.tables, defaults.defaults, marks.marks);
  const located = source.withLines(issues).map((issue, order) => ({ issue, order }));
  located.sort((a, b) => (a.issue.line ?? 0) - (b.issue.line ?? 0) || a.order - b.order);
  throw new ConfigError(
    source.file,
    located.map(({ issue }) => issue),
  );
}
