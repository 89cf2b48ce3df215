import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { applyHost, mustRun } from '../applier/index.js';
import { flowSpecs, loadConfigLab, runFlows } from '../lab/index.js';
import { routerConfig } from './support/applier-driver.js';
import { expectFlows, showFlows, viaOwnUplink } from './support/assert-flows.js';
import { useScenarioLab } from './support/scenario-lab.js';
import { withoutFix } from './vitest/flow-assertions.js';

const PROD = 'examples/prod.yaml';

// `multihome lab up --config prod.yaml`: the lab built from the user's own addressing reproduces the
// bug there, and the user's own config, applied in its router, fixes it.
describe('scenario 15: a lab shaped like a production config', () => {
  const { topology } = loadConfigLab(PROD);
  const lab = useScenarioLab('15-config-lab', () => topology);
  const specs = () => flowSpecs(lab().topology, { families: [4, 6] });

  it("names the router's interfaces and alias label as the config does", async () => {
    const links = JSON.parse(
      await mustRun(lab().runner('router'), ['ip', '-j', 'addr', 'show', 'scope', 'global']),
    ) as {
      ifname: string;
      addr_info: { local?: string; prefixlen?: number; label?: string }[];
    }[];
    const seen = links.flatMap((link) =>
      // `ip -j` keeps an empty entry for every address the scope filter left out.
      link.addr_info
        .filter((a) => a.local !== undefined)
        .map((a) => `${link.ifname} ${a.local}/${a.prefixlen}${a.label ? ` ${a.label}` : ''}`),
    );
    expect(seen.sort()).toEqual(
      [
        'enp1s0 198.51.100.66/26 enp1s0',
        'enp1s0 192.0.2.130/25 enp1s0:1',
        'enp1s0 2001:db8:a::2/64',
        'enp2s0 203.0.113.200/24 enp2s0',
        'br-lan 10.10.0.1/24 br-lan',
        'br-lan fd10:10::1/64',
      ].sort(),
    );
  });

  it('reproduces the bug on those addresses, and the config fixes every flow', async () => {
    const before = await runFlows(lab(), specs());
    showFlows('production config lab, before', before);
    const bug = withoutFix(lab().topology);
    expectFlows('production config lab, before', before, (run) => bug(run.spec.family, run.uplink));

    const config = await routerConfig(lab(), readFileSync(PROD, 'utf8'), PROD);
    expect((await applyHost(lab().runner('router'), config)).changes.length).toBeGreaterThan(0);
    const after = await runFlows(lab(), specs());
    showFlows('production config lab, after', after);
    expectFlows('production config lab, after', after, viaOwnUplink);
  });
});
