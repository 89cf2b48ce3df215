import { rm } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { mustRun } from '../applier/index.js';
import { Lab } from '../lab/index.js';
import { runTest, testExitCode } from './harness/run-test.js';
import { readTestInputs } from './harness/test-inputs.js';
import { scenarioRuntime } from './support/lab-entry.js';
import { ARTICLE_RECIPE } from './support/router-script.js';

// `multihome test --script examples/article-recipe.sh`: the article's own recipe as the fix. Its
// `from <address>` rules fix the router's local replies on every IPv4 uplink, but not the port
// forwards (a DNAT'd reply is routed from the LAN host's address, which no rule matches), and not
// IPv6 (it has no IPv6 line).
describe("scenario 13: the article's recipe, what it fixes and what it leaves", () => {
  it('fixes local IPv4 replies on every uplink; forwards via ISP2/ISP3 still die at ISP1; IPv6 untouched', async () => {
    const runtime = scenarioRuntime();
    const run = await runTest(await readTestInputs({ script: ARTICLE_RECIPE, runtime }), {
      keep: true,
      artifactsDir: `artifacts/${runtime}/13-article-recipe`,
    });
    await using lab = await Lab.attach(run.lab.name);
    const row = (flow: {
      uplink: string;
      protocol: string;
      family: string;
      ok: boolean;
      replyVia: string | null;
    }) =>
      `${flow.uplink} ${flow.protocol} ${flow.family}: ${flow.ok ? 'answered' : 'no answer'} via ${flow.replyVia}`;

    // Bug 7: the script reports its errors on stderr and exits 0 all the same.
    expect([run.fix.ok, run.fix.exitCode]).toEqual([true, 0]);
    expect(run.fix.stderr).toContain('"eth1" is a garbage');
    expect(
      run.before.every((flow) => flow.pass),
      'the bug shows before the recipe',
    ).toBe(true);

    const after = run.after ?? [];
    const recipe = after.map((flow) => {
      const fixed = flow.family === 'ipv4' && flow.protocol !== 'forward';
      const isp = fixed || flow.uplink === 'isp1' ? flow.uplink : 'isp1';
      return row({ ...flow, ok: fixed || flow.uplink === 'isp1', replyVia: isp });
    });
    expect(after.map(row)).toEqual(recipe);
    expect(after.length).toBe(24);
    expect(testExitCode(run), 'multihome test exits 1: the recipe fails the default expectations').toBe(1);

    // Nothing IPv6 was added: the kernel's own two rules and no table beside main and local.
    const runner = lab.runner('router');
    const rules6 = JSON.parse(await mustRun(runner, ['ip', '-j', '-6', 'rule', 'show'])) as {
      table: string;
    }[];
    expect(rules6.map((rule) => rule.table)).toEqual(['local', 'main']);
    const routes6 = JSON.parse(
      await mustRun(runner, ['ip', '-j', '-6', 'route', 'show', 'table', 'all']),
    ) as {
      table?: string;
    }[];
    expect([...new Set(routes6.map((route) => route.table ?? 'main'))].sort()).toEqual(['local', 'main']);
    await lab.down();
    await rm(run.lab.artifactsDir, { recursive: true, force: true }); // kept only when the scenario fails
  });
});
