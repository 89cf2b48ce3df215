import type { Flow, Topology } from '../../lab/index.js';

/** The article's lab as data, so the report renders without Docker or the topology module. */
export const fixtureTopology: Topology = {
  name: 'article',
  defaultIsp: 'isp1',
  isps: [
    isp('isp1', '198.51.100', '2001:db8:1', 'eth0'),
    { ...isp('isp2', '192.0.2', '2001:db8:2', 'eth0'), routerLabel: 'eth0:0' },
    isp('isp3', '203.0.113', '2001:db8:3', 'eth1'),
  ],
  clients: [
    { name: 'client1', addresses: ['100.64.0.101', '2001:db8:ff::101'] },
    { name: 'client2', addresses: ['100.64.0.102', '2001:db8:ff::102'] },
  ],
  lan: {
    routerInterface: 'eth2',
    routerAddresses: ['10.10.0.1/24'],
    hosts: [
      { name: 'server', addresses: ['10.10.0.10'], forwards: [{ protocol: 'tcp', port: 8080, to: 80 }] },
    ],
  },
};

function isp(name: string, v4: string, v6: string, iface: string) {
  return {
    name,
    segment: iface,
    prefixes: [`${v4}.0/24`, `${v6}::/64`],
    gateways: [`${v4}.1`, `${v6}::1`],
    routerAddresses: [`${v4}.10`, `${v6}::10`],
    routerInterface: iface,
    bcp38: true,
  };
}

const protocols = ['icmp', 'tcp', 'udp', 'forward'] as const;
// A forward flow names the LAN host and port it reaches.
const reaches = (protocol: (typeof protocols)[number]) =>
  protocol === 'forward' ? { to: 'lan:server', port: 8080 } : {};

/** Before the fix: only ISP1 answers; the others' replies die at ISP1's gateway. */
export const fixtureBefore: Flow[] = ['isp1', 'isp2', 'isp3'].flatMap((uplink) =>
  protocols.map((protocol) => ({
    uplink,
    protocol,
    family: 'ipv4' as const,
    ok: uplink === 'isp1',
    replyVia: 'isp1',
    ...reaches(protocol),
  })),
);

/** After the fix: every flow answers via its own uplink. */
export const fixtureAfter: Flow[] = ['isp1', 'isp2', 'isp3'].flatMap((uplink) =>
  protocols.map((protocol) => ({
    uplink,
    protocol,
    family: 'ipv4' as const,
    ok: true,
    replyVia: uplink,
    ...reaches(protocol),
  })),
);
