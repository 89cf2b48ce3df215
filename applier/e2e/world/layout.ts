/** The namespaces of the article's world; each becomes `mh-k-<id>-<role>`. */
export const ROLES = ['seg0', 'router', 'isp1', 'isp2', 'isp3', 'client', 'lan'] as const;

/** One namespace of the world by its role. */
export type Role = (typeof ROLES)[number];

/** The three ISP gateways. */
export const GATEWAYS = ['isp1', 'isp2', 'isp3'] as const;

/** One ISP gateway namespace. */
export type Gateway = (typeof GATEWAYS)[number];

/** One address of the router on an uplink, with the ISP gateway behind it. */
export type RouterAddress = {
  /** Names the address in counters and configs: the uplink it belongs to. */
  readonly name: string;
  readonly family: 4 | 6;
  readonly address: string;
  readonly prefixLength: number;
  readonly network: string;
  readonly gateway: string;
  readonly isp: Gateway;
  readonly interface: 'eth0' | 'eth1';
  readonly label?: string;
};

/** The router's uplink addresses: the article's three IPv4 uplinks plus two IPv6 ones. */
export const ROUTER_ADDRESSES: readonly RouterAddress[] = [
  v4('isp1', '198.51.100', 'isp1', 'eth0'),
  { ...v4('isp2', '192.0.2', 'isp2', 'eth0'), label: 'eth0:0' },
  v4('isp3', '203.0.113', 'isp3', 'eth1'),
  v6('isp1v6', '2001:db8:1', 'isp1', 'eth0'),
  v6('isp3v6', '2001:db8:3', 'isp3', 'eth1'),
];

/** The remote client on the internet side, one address per family. */
export const CLIENT = { 4: '100.64.0.101', 6: '2001:db8:64::101' } as const;

/** The LAN server behind the router and its TCP service. */
export const LAN = { router: '10.10.0.1', server: '10.10.0.10', prefixLength: 24, port: 80 } as const;

/** Ports of the services: echo on the router (TCP and UDP) and the router's port forward. */
export const PORTS = { echo: 7, forward: 8080 } as const;

/** What the LAN server answers, so a probe knows the port forward reached it. */
export const LAN_BANNER = 'lan-server';

/** The point-to-point link between ISP gateway `isp` and the client, per family. */
export function transitLink(isp: Gateway): { 4: [string, string]; 6: [string, string] } {
  const n = GATEWAYS.indexOf(isp) + 1;
  return { 4: [`100.64.${n}.1`, `100.64.${n}.2`], 6: [`2001:db8:64:${n}::1`, `2001:db8:64:${n}::2`] };
}

/** The router's addresses that one ISP gateway serves (its customer prefixes). */
export function customerAddresses(isp: Gateway): readonly RouterAddress[] {
  return ROUTER_ADDRESSES.filter((entry) => entry.isp === isp);
}

/** Looks a router address up by name; throws on a typo in a test. */
export function routerAddress(name: string): RouterAddress {
  const found = ROUTER_ADDRESSES.find((entry) => entry.name === name);
  if (!found) throw new Error(`no router address named ${name}`);
  return found;
}

function v4(name: string, net: string, isp: Gateway, iface: 'eth0' | 'eth1'): RouterAddress {
  return {
    name,
    family: 4,
    address: `${net}.10`,
    prefixLength: 24,
    network: `${net}.0/24`,
    gateway: `${net}.1`,
    isp,
    interface: iface,
  };
}

function v6(name: string, net: string, isp: Gateway, iface: 'eth0' | 'eth1'): RouterAddress {
  return {
    name,
    family: 6,
    address: `${net}::10`,
    prefixLength: 64,
    network: `${net}::/64`,
    gateway: `${net}::1`,
    isp,
    interface: iface,
  };
}
