import { afterAll, describe, expect, it } from 'vitest';
import { flowSpecs, lansOf, runFlows, type Topology } from '../lab/index.js';
import { applyFix, removeFix } from './support/applier-driver.js';
import { expectFlows, showFlows, viaDefaultGateway, viaOwnUplink } from './support/assert-flows.js';
import { demoTopology } from './support/lab-entry.js';
import { useScenarioLab } from './support/scenario-lab.js';

// DNAT'd connections: the LAN server's reply is routed before NAT is undone, so a `from <address>`
// rule never matches it. Only the connmark → fwmark rules (`lan:` in the config) bring it home.
// The article's server also gets a UDP forward (5353 → 53), so both transports are proven.
function withUdpForward(): Topology {
  const topology = demoTopology();
  const lan = lansOf(topology)[0];
  const server = lan?.hosts[0];
  if (lan === undefined || server === undefined) throw new Error('the demo topology has no LAN server');
  const forwards = [...server.forwards, { protocol: 'udp' as const, port: 5353, to: 53 }];
  return { ...topology, lan: { ...lan, hosts: [{ ...server, forwards }, ...lan.hosts.slice(1)] } };
}

describe('scenario 3: port forwards to the LAN', () => {
  const lab = useScenarioLab('03-port-forwards', withUdpForward);
  const forwards = () => flowSpecs(lab().topology, { protocols: ['forward'] });

  it('has a TCP and a UDP forward flow on every uplink', () => {
    expect(forwards().map((spec) => `${spec.uplink} ${spec.transport}/${spec.port}`)).toEqual(
      ['isp1', 'isp2', 'isp3'].flatMap((uplink) => [`${uplink} tcp/8080`, `${uplink} udp/5353`]),
    );
  });

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
