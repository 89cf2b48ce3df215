import { MAIN_TABLE } from '../../model/constants.js';
import type { CommandRunner } from '../../runner/command-runner.js';
import { parseRoutes } from '../../state/parse-routes.js';
import { parseRules } from '../../state/parse-rules.js';
import { routeLine, ruleLine } from './object-lines.js';

/**
 * The routes and rules a namespace's kernel holds in the given tables (and the main table's default
 * routes), as sorted comparable lines: what a manager made of an export, read back from the kernel.
 */
export async function kernelLines(
  runner: CommandRunner,
  tables: readonly number[],
): Promise<{ routes: string[]; rules: string[] }> {
  const routes: string[] = [];
  const rules: string[] = [];
  for (const family of [4, 6] as const) {
    const routeJson = await runner.run(['ip', '-json', '-N', `-${family}`, 'route', 'show', 'table', 'all']);
    const ruleJson = await runner.run(['ip', '-json', '-N', `-${family}`, 'rule', 'show']);
    for (const route of parseRoutes(routeJson.stdout, family)) {
      const mainDefault = route.table === MAIN_TABLE && route.dst === 'default';
      if (tables.includes(route.table) || mainDefault) routes.push(routeLine(route));
    }
    for (const rule of parseRules(ruleJson.stdout, family)) {
      if (tables.includes(rule.table)) rules.push(ruleLine(rule));
    }
  }
  return { routes: routes.sort(), rules: rules.sort() };
}
