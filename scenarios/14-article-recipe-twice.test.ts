import { describe, expect, it } from 'vitest';
import { mustRun } from '../applier/index.js';
import { ARTICLE_RECIPE, runRouterScript } from './support/router-script.js';
import { useScenarioLab } from './support/scenario-lab.js';

const TABLES = ['101 WAN1', '102 WAN2', '103 WAN3'];
const SOURCES = ['198.51.100.10', '192.0.2.10', '203.0.113.10'];

// Bug 3 of the recipe: nothing checks what is already there. A second run (a reboot script run
// twice, a config-management retry) appends the table names again and adds every rule again.
describe("scenario 14: the article's recipe run twice", () => {
  const lab = useScenarioLab('14-article-recipe-twice');

  it('duplicates every rule and grows rt_tables, and says nothing (exit 0)', async () => {
    const rtTablesBefore = await mustRun(lab().runner('router'), ['cat', '/etc/iproute2/rt_tables']);
    const first = await runRouterScript(lab(), ARTICLE_RECIPE);
    const second = await runRouterScript(lab(), ARTICLE_RECIPE);
    expect([first.exitCode, second.exitCode]).toEqual([0, 0]);
    // Run one fails only on the lines that are always wrong; run two on every route it adds again.
    expect(count(first.stderr, 'File exists')).toBe(2);
    expect(count(second.stderr, 'File exists')).toBe(8);

    const rtTables = await mustRun(lab().runner('router'), ['cat', '/etc/iproute2/rt_tables']);
    expect(rtTables.startsWith(rtTablesBefore)).toBe(true);
    const added = rtTables.slice(rtTablesBefore.length).trim().split('\n');
    expect(added).toEqual([...TABLES].reverse().concat([...TABLES].reverse()));

    const rules = JSON.parse(await mustRun(lab().runner('router'), ['ip', '-j', '-4', 'rule', 'show'])) as {
      priority: number;
      src?: string;
      table: string;
    }[];
    for (const [index, source] of SOURCES.entries()) {
      const matching = rules.filter((rule) => rule.src === source);
      expect(
        matching.map((rule) => rule.table),
        source,
      ).toEqual([`WAN${index + 1}`, `WAN${index + 1}`]);
      expect(new Set(matching.map((rule) => rule.priority)).size, `${source}: two priorities`).toBe(2);
    }
  });
});

function count(text: string, needle: string): number {
  return text.split(needle).length - 1;
}
