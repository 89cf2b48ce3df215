import type { Topology } from './types.js';

/**
 * The article's host: ISP1 and ISP2 share segment wan0 on eth0 (ISP2 as the alias eth0:0), ISP3 is on
 * wan1/eth1; two remote clients on the internet and one port-forwarded server on the LAN. Dual stack.
 */
export function defaultTopology(): Topology {
  return {
    name: 'article',
    defaultIsp: 'isp1',
    internet: { prefixes: ['100.64.0.0/24', '2001:db8:ff::/64'] },
    isps: [
      isp('isp1', 'wan0', 'eth0', ['198.51.100', '2001:db8:1:'], 1),
      { ...isp('isp2', 'wan0', 'eth0', ['192.0.2', '2001:db8:2:'], 2), routerLabel: 'eth0:0' },
      isp('isp3', 'wan1', 'eth1', ['203.0.113', '2001:db8:3:'], 3),
    ],
    clients: [
      { name: 'client1', addresses: ['100.64.0.101', '2001:db8:ff::101'] },
      { name: 'client2', addresses: ['100.64.0.102', '2001:db8:ff::102'] },
    ],
    lan: {
      routerInterface: 'eth2',
      routerAddresses: ['10.10.0.1/24', 'fd10:10::1/64'],
      hosts: [
        {
          name: 'server',
          addresses: ['10.10.0.10', 'fd10:10::10'],
          forwards: [{ protocol: 'tcp', port: 8080, to: 80 }],
        },
      ],
    },
  };
}

function isp(name: string, segment: string, routerInterface: string, [v4, v6]: [string, string], n: number) {
  return {
    name,
    segment,
    prefixes: [`${v4}.0/24`, `${v6}:/64`],
    gateways: [`${v4}.1`, `${v6}:1`],
    routerAddresses: [`${v4}.10`, `${v6}:10`],
    routerInterface,
    bcp38: true,
    internetAddresses: [`100.64.0.${n}`, `2001:db8:ff::${n}`],
  };
}
