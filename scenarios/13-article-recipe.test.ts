import { describe, expect, it } from 'vitest';
import { flowSpecs, runFlows } from '../lab/index.js';
import { type Expected, expectFlows, showFlows, viaDefaultGateway } from './support/assert-flows.js';
import { ARTICLE_RECIPE, runRouterScript } from './support/router-script.js';
import { routerState } from './support/router-state.js';
import { useScenarioLab } from './support/scenario-lab.js';

// The article's own recipe as the fix: its `from <address>` rules fix the router's local replies on
// every IPv4 uplink, but not the port forwards (the DNAT'd reply is routed from the LAN host's
// address, which no rule matches) and not IPv6 (it has no IPv6 line).
describe("scenario 13: the article's recipe, what it fixes and what it leaves", () => {
  const lab = useScenarioLab('13-article-recipe');
  const specs = () => flowSpecs(lab().topology, { families: [4, 6] });

  it('fixes local replies on every IPv4 uplink, leaves forwards via ISP2/ISP3 dying at ISP1, and IPv6 as it was', async () => {
    // The bug before any fix is scenario 1's and 8's; this one looks at what the recipe changes.
    const isp1 = lab().topology.defaultIsp;
    const ipv6Before = await routerState(lab());

    const result = await runRouterScript(lab(), ARTICLE_RECIPE);
    // Bug 7: errors on the way, exit 0 all the same.
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toContain('"eth1" is a garbage');

    const after = await runFlows(lab(), specs());
    showFlows('after the recipe', after);
    const recipe = (run: (typeof after)[number]): Expected => {
      if (run.spec.family === 6 || run.protocol === 'forward') return viaDefaultGateway(isp1)(run);
      return { ok: true, replyVia: run.uplink };
    };
    expectFlows('after the recipe', after, recipe);
    const ipv6After = await routerState(lab());
    expect({ rules: ipv6After.rules6, routes: ipv6After.routes6 }).toEqual({
      rules: ipv6Before.rules6,
      routes: ipv6Before.routes6,
    });
  });
});
