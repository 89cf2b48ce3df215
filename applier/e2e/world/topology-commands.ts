import { CUSTOMER_INTERFACE } from './bcp38.js';
import { CLIENT, GATEWAYS, LAN, ROUTER_ADDRESSES, type Role, transitLink } from './layout.js';

/** One `ip` command of the world's construction, run inside the namespace of `role`. */
export type Step = { readonly role: Role; readonly argv: readonly string[] };

/** The interfaces each namespace ends up with, so their sysctls can be pinned one by one. */
export const INTERFACES: Readonly<Record<Role, readonly string[]>> = {
  seg0: ['br0', 'p-router', 'p-isp1', 'p-isp2'],
  router: ['lo', 'eth0', 'eth1', 'eth2'],
  isp1: ['lo', CUSTOMER_INTERFACE, 'up0'],
  isp2: ['lo', CUSTOMER_INTERFACE, 'up0'],
  isp3: ['lo', CUSTOMER_INTERFACE, 'up0'],
  client: ['lo', 'isp1', 'isp2', 'isp3'],
  lan: ['lo', 'eth0'],
};

/** The veth pairs and the bridge of the world; `ns` maps a role to its namespace name. */
export function linkSteps(ns: Readonly<Record<Role, string>>): Step[] {
  const veth = (a: Role, aName: string, b: Role, bName: string): Step => ({
    role: a,
    argv: ['ip', 'link', 'add', aName, 'type', 'veth', 'peer', 'name', bName, 'netns', ns[b]],
  });
  return [
    {
      role: 'seg0',
      argv: ['ip', 'link', 'add', 'br0', 'type', 'bridge', 'mcast_snooping', '0', 'stp_state', '0'],
    },
    veth('router', 'eth0', 'seg0', 'p-router'),
    veth('isp1', CUSTOMER_INTERFACE, 'seg0', 'p-isp1'),
    veth('isp2', CUSTOMER_INTERFACE, 'seg0', 'p-isp2'),
    veth('router', 'eth1', 'isp3', CUSTOMER_INTERFACE),
    veth('router', 'eth2', 'lan', 'eth0'),
    ...GATEWAYS.map((isp) => veth(isp, 'up0', 'client', isp)),
    ...['p-router', 'p-isp1', 'p-isp2'].map(
      (port): Step => ({
        role: 'seg0',
        argv: ['ip', 'link', 'set', port, 'master', 'br0'],
      }),
    ),
  ];
}

/** Addresses, links up, and routes: the article's state before any fix (one default, via isp1). */
export function addressAndRouteSteps(): Step[] {
  const steps: Step[] = [];
  const addr = (role: Role, cidr: string, dev: string, ...extra: string[]) =>
    steps.push({ role, argv: ['ip', 'address', 'add', cidr, 'dev', dev, ...extra] });
  const route = (role: Role, family: 4 | 6, ...spec: string[]) =>
    steps.push({ role, argv: ['ip', `-${family}`, 'route', 'add', ...spec] });

  for (const entry of ROUTER_ADDRESSES) {
    const cidr = `${entry.address}/${entry.prefixLength}`;
    const extra = entry.family === 6 ? ['nodad'] : entry.label ? ['label', entry.label] : [];
    addr('router', cidr, entry.interface, ...extra);
    addr(
      entry.isp,
      `${entry.gateway}/${entry.prefixLength}`,
      CUSTOMER_INTERFACE,
      ...(entry.family === 6 ? ['nodad'] : []),
    );
  }
  addr('router', `${LAN.router}/${LAN.prefixLength}`, 'eth2');
  addr('lan', `${LAN.server}/${LAN.prefixLength}`, 'eth0');
  addr('client', `${CLIENT[4]}/32`, 'lo');
  addr('client', `${CLIENT[6]}/128`, 'lo', 'nodad');
  for (const isp of GATEWAYS) {
    const link = transitLink(isp);
    addr(isp, `${link[4][0]}/30`, 'up0');
    addr(isp, `${link[6][0]}/64`, 'up0', 'nodad');
    addr('client', `${link[4][1]}/30`, isp);
    addr('client', `${link[6][1]}/64`, isp, 'nodad');
  }
  for (const [role, names] of Object.entries(INTERFACES) as [Role, readonly string[]][]) {
    for (const name of names) steps.push({ role, argv: ['ip', 'link', 'set', name, 'up'] });
  }
  route('router', 4, 'default', 'via', '198.51.100.1', 'dev', 'eth0');
  route('router', 6, 'default', 'via', '2001:db8:1::1', 'dev', 'eth0');
  route('lan', 4, 'default', 'via', LAN.router, 'dev', 'eth0');
  for (const isp of GATEWAYS) {
    const link = transitLink(isp);
    route(isp, 4, 'default', 'via', link[4][1], 'dev', 'up0');
    route(isp, 6, 'default', 'via', link[6][1], 'dev', 'up0');
  }
  for (const entry of ROUTER_ADDRESSES) {
    const via = transitLink(entry.isp)[entry.family][0];
    route('client', entry.family, entry.network, 'via', via, 'dev', entry.isp, 'src', CLIENT[entry.family]);
  }
  return steps;
}
