import { type Topology, topology } from 'multihome/lab';

/** Our site: two providers on two interfaces, one remote client; built with multihome's builder. */
export function twoIsps(): Topology {
  return topology('two-isps')
    .isp({
      name: 'fiber',
      segment: 'wan-fiber',
      prefixes: ['198.51.100.0/24'],
      gateways: ['198.51.100.1'],
      routerAddresses: ['198.51.100.10'],
      routerInterface: 'eth0',
    })
    .isp({
      name: 'dsl',
      segment: 'wan-dsl',
      prefixes: ['203.0.113.0/24'],
      gateways: ['203.0.113.1'],
      routerAddresses: ['203.0.113.10'],
      routerInterface: 'eth1',
    })
    .client({ name: 'remote', addresses: ['100.64.0.101'] })
    .defaultIsp('fiber')
    .build();
}
