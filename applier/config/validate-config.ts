import { ConfigError } from '../errors.js';
import type { Config, LiveFacts } from '../model/config.js';
import type { YamlSource } from '../yaml/yaml-source.js';
import { assignMarks, type MarkFacts } from './assign-marks.js';
import { assignTables, type TableFacts } from './assign-tables.js';
import { resolveAuto } from './auto-uplinks.js';
import { buildConfig } from './build-config.js';
import { readyView, viewOf } from './config-view.js';
import { crossCheck } from './cross-checks.js';
import { resolveDefaults } from './defaults.js';
import { checkFamilies } from './family-checks.js';
import { checkInterfaces } from './host-checks.js';
import { configFileSchema } from './schema.js';
import { fromZodIssues, type PathIssue } from './zod-issues.js';

/**
 * Validates a parsed document; `interfaces` undefined skips the host check. Throws a ConfigError
 * listing every problem with its line, in line order: the families, the shape, the cross-field rules,
 * the tables, the defaults and the interfaces are all checked, so one mistake does not hide another.
 */
export function validate(
  source: YamlSource,
  facts: TableFacts & MarkFacts & { readonly live?: LiveFacts | undefined },
  interfaces: readonly string[] | undefined,
): Config {
  // `auto` fields take the live values first. An uplink still waiting for a lease is checked like
  // the others, then left out: whether a file is valid must not depend on the host's leases.
  const auto = resolveAuto(source.value, facts.live);
  const shape = configFileSchema.safeParse(auto.value, { reportInput: true });
  const view = shape.success ? viewOf(shape.data, true) : viewOf(auto.value);
  const defaults = resolveDefaults(view);
  const tables = assignTables(view, facts);
  const marks = assignMarks(view, facts);
  const issues: PathIssue[] = [
    ...checkFamilies(source.value),
    ...auto.issues,
    ...(shape.success ? [] : fromZodIssues(shape.error.issues)),
    ...crossCheck(view),
    ...tables.issues,
    ...marks.issues,
    ...defaults.issues,
    ...(interfaces === undefined ? [] : checkInterfaces(view, interfaces)),
  ];
  if (issues.length === 0) {
    const config = buildConfig(source.file, readyView(view), tables.tables, defaults.defaults, marks.marks);
    const { resolved, waiting } = auto;
    return resolved.length + waiting.length === 0 ? config : { ...config, auto: { resolved, waiting } };
  }
  const located = source.withLines(issues).map((issue, order) => ({ issue, order }));
  located.sort((a, b) => (a.issue.line ?? 0) - (b.issue.line ?? 0) || a.order - b.order);
  throw new ConfigError(
    source.file,
    located.map(({ issue }) => issue),
  );
}
