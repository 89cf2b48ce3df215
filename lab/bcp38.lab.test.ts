import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Lab } from './lab.js';
import type { StartedLab } from './lab-types.js';
import { labImage } from './test-support/lab-fixtures.js';
import { defaultTopology } from './topology/default-topology.js';

const topology = defaultTopology();
const [isp1, , isp3] = topology.isps;
const client = topology.clients[0];
const clientV4 = client?.addresses[0] ?? '';
const ownSource = isp1?.routerAddresses[0] ?? '';
const foreignSource = isp3?.routerAddresses[0] ?? '';

// Counts, at the client, packets arriving from one source address.
const COUNT_AT_CLIENT = (source: string) => `table inet probe {
  counter seen {}
  chain input {
    type filter hook input priority filter;
    ip saddr ${source} counter name "seen"
  }
}
`;

describe('BCP38 at the ISP gateways', () => {
  let lab: StartedLab;

  beforeAll(async () => {
    lab = await Lab.up(topology, { image: await labImage(), capture: false });
  });

  afterAll(async () => {
    await lab?.down();
  });

  it('drops a packet with ISP3’s source sent through ISP1: spoofed counter rises, nothing reaches the client', async () => {
    const load = await lab.exec('client:client1', ['nft', '-f', '-'], {
      input: COUNT_AT_CLIENT(foreignSource),
    });
    expect(load.exitCode, load.stderr).toBe(0);
    // The router's main table sends everything via ISP1, whatever the source: the article's bug.
    const { result, evidence } = await lab.observe(() =>
      lab.exec('router', ['ping', '-c', '2', '-W', '1', '-I', foreignSource, clientV4]),
    );
    expect(result.exitCode).not.toBe(0);
    const atIsp1 = evidence.gateways.find((gateway) => gateway.isp === isp1?.name);
    expect(atIsp1?.spoofedDropped).toBeGreaterThanOrEqual(2);
    expect(atIsp1?.fromRouter[foreignSource]).toBe(0);
    expect(evidence.carriedBy).toEqual([]);
    const seen = await lab.exec('client:client1', ['nft', '-j', 'list', 'counter', 'inet', 'probe', 'seen']);
    expect(seen.stdout).toMatch(/"packets":\s*0\b/);
  });

  it('forwards the same packet with ISP1’s own source (the control)', async () => {
    const { result, evidence } = await lab.observe(() =>
      lab.exec('router', ['ping', '-c', '2', '-W', '2', '-I', ownSource, clientV4]),
    );
    expect(result.exitCode, result.stdout).toBe(0);
    expect(evidence.carriedBy).toEqual([isp1?.name]);
    expect(evidence.gateways.find((gateway) => gateway.isp === isp1?.name)?.spoofedDropped).toBe(0);
  });
});
