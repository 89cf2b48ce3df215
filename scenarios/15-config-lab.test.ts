import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { applyHost, mustRun } from '../applier/index.js';
import { type FlowSpecOptions, flowSpecs, loadConfigLab, runFlows } from '../lab/index.js';
import { routerConfig } from './support/applier-driver.js';
import { showFlows } from './support/assert-flows.js';
import { useScenarioLab } from './support/scenario-lab.js';
import { expectBugReproduced, expectRepliesViaArrivalUplink } from './vitest/flow-assertions.js';

const PROD = 'examples/prod.yaml';

// `multihome lab up --config prod.yaml`: the lab built from the user's own addressing (two LANs, a
// server behind each) reproduces the bug there, and the user's own config, applied in its router, fixes it.
describe('scenario 15: a lab shaped like a production config', () => {
  const { topology } = loadConfigLab(PROD);
  const lab = useScenarioLab('15-config-lab', () => topology);
  const specs = (options: FlowSpecOptions = {}) =>
    flowSpecs(lab().topology, { families: [4, 6], ...options });

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
        'dmz 10.11.0.1/24 dmz',
        'dmz fd10:11::1/64',
      ].sort(),
    );
  });

  it('reproduces the bug on those addresses, and the config fixes every flow', async () => {
    const before = await runFlows(lab(), specs());
    showFlows('production config lab, before', before);
    expectBugReproduced(lab().topology, before);
    // A server behind each lan interface, forwarded from its own port on every uplink address.
    expect(
      before.filter((run) => run.protocol === 'forward' && run.uplink === 'fiber').map((run) => run.to),
    ).toEqual(['lan:br-lan-server', 'lan:dmz-server']);

    // A config that names only br-lan marks only br-lan's forwarded replies: dmz's still leave via dsl.
    const text = readFileSync(PROD, 'utf8');
    const brLanOnly = await routerConfig(lab(), text.replace('lan: [br-lan, dmz]', 'lan: [br-lan]'), PROD);
    await applyHost(lab().runner('router'), brLanOnly);
    const half = await runFlows(lab(), specs({ protocols: ['forward'], uplinks: ['fiber'] }));
    expect(half.map((run) => `${run.to} ${run.ok ? 'ok' : 'no'} via ${run.replyVia}`)).toEqual([
      'lan:br-lan-server ok via fiber',
      'lan:dmz-server no via dsl',
    ]);

    const config = await routerConfig(lab(), text, PROD);
    expect((await applyHost(lab().runner('router'), config)).changes.length).toBeGreaterThan(0);
    const after = await runFlows(lab(), specs());
    showFlows('production config lab, after', after);
    expectRepliesViaArrivalUplink(after);
  });
});
