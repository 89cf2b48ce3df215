import type Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import { overlaps } from '../../applier/config/address.js';
import { createSegmentNetworks } from './segment-networks.js';

// A fake engine whose first create loses the race for its subnet, as when a parallel lab took it.
function racingEngine(taken: string) {
  const created: { Name: string; subnet: string; labels: Record<string, string> }[] = [];
  let first = true;
  const engine = {
    listNetworks: async () => [{ IPAM: { Config: [{ Subnet: taken }] } }],
    createNetwork: async (options: Docker.NetworkCreateOptions) => {
      const subnet = options.IPAM?.Config?.[0]?.Subnet ?? '';
      if (first) {
        first = false;
        throw new Error('(HTTP code 403) Pool overlaps with other one on this address space');
      }
      created.push({ Name: options.Name, subnet, labels: options.Labels ?? {} });
      return {};
    },
  };
  return { docker: engine as unknown as Docker, created };
}

describe('createSegmentNetworks', () => {
  it('retries a lost subnet race with the next free /27, never reusing a taken one', async () => {
    const { docker, created } = racingEngine('10.201.0.0/17');
    const networks = await createSegmentNetworks(docker, 'mh-t', ['wan0', 'internet']);
    const made = await Promise.all(networks.values());
    expect(made.map((network) => network.name)).toEqual(['mh-t-wan0', 'mh-t-internet']);
    expect(created).toHaveLength(2);
    const subnets = created.map((network) => network.subnet);
    expect(new Set(subnets).size).toBe(2);
    expect(subnets.some((subnet) => overlaps(subnet, '10.201.0.0/17'))).toBe(false);
    expect(created.every((network) => network.labels['multihome.lab'] === 'mh-t')).toBe(true);
  });
});
