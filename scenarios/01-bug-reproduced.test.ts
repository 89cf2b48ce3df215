import { describe, it } from 'vitest';
import { flowSpecs, runFlows } from '../lab/index.js';
import { expectFlows, showFlows, viaDefaultGateway } from './support/assert-flows.js';
import { useScenarioLab } from './support/scenario-lab.js';

// The article's bug: one main default route via ISP1, so replies to ISP2 (eth0:0) and ISP3 (eth1)
// leave through ISP1's gateway, which drops them as spoofed (BCP38).
describe('scenario 1: the bug, reproduced', () => {
  const lab = useScenarioLab('01-bug-reproduced');

  it('answers only via ISP1: ICMP, TCP and UDP to ISP2 and ISP3 die at ISP1', async () => {
    const runs = await runFlows(lab(), flowSpecs(lab().topology, { protocols: ['icmp', 'tcp', 'udp'] }));
    showFlows('before any fix', runs);
    expectFlows('before any fix', runs, viaDefaultGateway(lab().topology.defaultIsp));
  });
});
