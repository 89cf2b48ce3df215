import { afterAll, describe, expect, it } from 'vitest';
import { flowSpecs, runFlows } from '../lab/index.js';
import { applyFix, removeFix, verifyFix } from './support/applier-driver.js';
import { expectFlows, showFlows, viaDefaultGateway, viaOwnUplink } from './support/assert-flows.js';
import { useScenarioLab } from './support/scenario-lab.js';

const FIX = { families: [6] } as const;

// IPv6 has the same bug: the source address is chosen before routing (RFC 6724), so replies from
// ISP2's and ISP3's prefixes follow the single default route. Per-prefix `from` rules fix it.
describe('scenario 8: IPv6', () => {
  const lab = useScenarioLab('08-ipv6');
  const specs = () => flowSpecs(lab().topology, { families: [6], protocols: ['icmp', 'tcp', 'udp'] });
  afterAll(async () => removeFix(lab(), FIX));

  it('has at least two IPv6 uplinks', () => {
    expect(new Set(specs().map((s) => s.uplink)).size).toBeGreaterThanOrEqual(2);
  });

  it('reproduces the bug over IPv6', async () => {
    const runs = await runFlows(lab(), specs());
    showFlows('IPv6 before apply', runs);
    expectFlows('IPv6 before apply', runs, viaDefaultGateway(lab().topology.defaultIsp));
  });

  it('fixes it: every IPv6 uplink answers via its own gateway, verify agrees', async () => {
    await applyFix(lab(), FIX);
    const runs = await runFlows(lab(), specs());
    showFlows('IPv6 after apply', runs);
    expectFlows('IPv6 after apply', runs, viaOwnUplink);
    expect((await verifyFix(lab(), FIX)).problems).toEqual([]);
  });
});
