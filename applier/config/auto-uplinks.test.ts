import { describe, expect, it } from 'vitest';
import { formatPath } from '../errors.js';
import type { LiveFacts } from '../model/config.js';
import { parseConfig } from './parse-config.js';
import { configErrorOf, HOST } from './test-helpers.js';

const LEASE: LiveFacts = {
  addresses: [
    { family: 4, interface: 'eth1', address: '192.0.2.57', prefixLength: 24 },
    { family: 6, interface: 'eth1', address: 'fe80::1', prefixLength: 64 },
  ],
  mainDefaults: [{ family: 4, table: 254, dst: 'default', dev: 'eth1', gateway: '192.0.2.1', protocol: 16 }],
  ownedRoutes: [],
  displacedDefaults: [],
};
const YAML = (extra = '') =>
  'uplinks:\n  - name: isp1\n    interface: eth0\n    address: 198.51.100.10/24\n    gateway: 198.51.100.1\n' +
  `  - name: dhcp\n    interface: eth1\n    address: auto\n    gateway: auto\n${extra}`;

describe('address: auto and gateway: auto', () => {
  it("take the interface's global address and the DHCP client's default route, and say so", () => {
    const config = parseConfig(YAML(), 'f.yaml', { ...HOST, live: LEASE });
    expect(config.uplinks[1]).toMatchObject({
      address: '192.0.2.57',
      prefixLength: 24,
      gateway: '192.0.2.1',
    });
    expect(config.auto?.resolved).toEqual([
      { uplink: 'dhcp', field: 'address', value: '192.0.2.57/24' },
      { uplink: 'dhcp', field: 'gateway', value: '192.0.2.1' },
    ]);
  });

  it('wait, leaving the uplink out, while the interface has no lease yet', () => {
    const config = parseConfig(YAML(), 'f.yaml', {
      ...HOST,
      live: { ...LEASE, addresses: [], mainDefaults: [] },
    });
    expect(config.uplinks.map((uplink) => uplink.name)).toEqual(['isp1']);
    expect(config.auto?.waiting).toEqual([
      { uplink: 'dhcp', reason: 'waits for an IPv4 address on eth1 (address: auto)' },
    ]);
  });

  it('let a waiting uplink stay named in failover and default', () => {
    const live = { ...LEASE, addresses: [], mainDefaults: [] };
    const config = parseConfig(YAML('failover: [dhcp, isp1]\ndefault: dhcp\n'), 'f.yaml', { ...HOST, live });
    expect(config.failover).toEqual(['isp1']);
    expect(config.defaults[4]).toBe('isp1');
  });

  it('refuse two candidates without prefix, and pick with it', () => {
    const two: LiveFacts = {
      ...LEASE,
      addresses: [
        ...LEASE.addresses,
        { family: 4, interface: 'eth1', address: '203.0.113.9', prefixLength: 24 },
      ],
    };
    const error = configErrorOf(() => parseConfig(YAML(), 'f.yaml', { ...HOST, live: two }));
    expect(error.issues.map((issue) => [formatPath(issue.path), issue.line])).toEqual([
      ['uplinks[1].address', 8],
    ]);
    expect(error.issues[0]?.message).toMatch(/matches 2 IPv4 addresses on eth1 .* set prefix:/);
    const picked = parseConfig(YAML('    prefix: 192.0.2.0/24\n'), 'f.yaml', { ...HOST, live: two });
    expect(picked.uplinks[1]?.address).toBe('192.0.2.57');
  });

  it('is refused without a live host, naming the field and line', () => {
    const error = configErrorOf(() => parseConfig(YAML(), 'f.yaml', HOST));
    expect(error.issues.map((issue) => [formatPath(issue.path), issue.line])).toEqual([
      ['uplinks[1].address', 8],
    ]);
  });
});
