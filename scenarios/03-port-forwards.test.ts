import { afterAll, describe, expect, it } from 'vitest';
import { flowSpecs, runFlows } from '../lab/index.js';
import { applyFix, removeFix } from './support/applier-driver.js';
import { expectFlows, showFlows, viaDefaultGateway, viaOwnUplink } from './support/assert-flows.js';
import { useScenarioLab } from './support/scenario-lab.js';

// DNAT'd connections: the LAN server's reply is routed before NAT is undone, so a `from <address>`
// rule never matches it. Only the connmark → fwmark rules (`lan:` in the config) bring it home.
describe('scenario 3: port forwards to the LAN', () => {
  const lab = useScenarioLab('03-port-forwards');
  const forwards = () => flowSpecs(lab().topology, { protocols: ['forward'] });
  afterAll(async () => removeFix(lab(), { families: [4], lan: true }));

  it('fail before the fix for every uplink but the default one', async () => {
    const runs = await runFlows(lab(), forwards());
    expectFlows('forwards before apply', runs, viaDefaultGateway(lab().topology.defaultIsp));
  });

  it('still fail with uplink rules alone (no lan:), because the reply is routed before un-DNAT', async () => {
    await applyFix(lab(), { families: [4] });
    const runs = await runFlows(lab(), forwards());
    showFlows('forwards after apply without lan:', runs);
    expectFlows('forwards after apply without lan:', runs, viaDefaultGateway(lab().topology.defaultIsp));
  });

  it('answer via the arrival uplink once the config names the LAN', async () => {
    const changes = await applyFix(lab(), { families: [4], lan: true });
    expect(changes.length).toBeGreaterThan(0);
    const runs = await runFlows(lab(), forwards());
    showFlows('forwards after apply with lan:', runs);
    expectFlows('forwards after apply with lan:', runs, viaOwnUplink);
  });
});
