import { bareAddress, familyOf } from '../../applier/model/address.js';
import { inPrefix } from './gateway-plan.js';
import { lanHostServices } from './lab-services.js';
import { addAddress, addRoute, linkUp } from './plan-commands.js';
import { INTERNET_SEGMENT, internetAddressesOf, internetPrefixes } from './segments.js';
import { sysctlsFor } from './sysctls.js';
import type { Client, Lan, LanHost, NodePlan, Topology } from './types.js';

/** A client's interface name inside its container. */
export const CLIENT_IF = 'inet';

/** A LAN host's interface name inside its container. */
export const LAN_HOST_IF = 'lan';

/**
 * A remote client: no default route, only each ISP's customer prefixes via that ISP's internet address,
 * in the families the client has an address of (the kernel refuses a gateway it has no address to reach).
 */
export function clientPlan(topology: Topology, client: Client): NodePlan {
  const families = new Set(client.addresses.map(familyOf));
  const routes = topology.isps.flatMap((isp) =>
    isp.prefixes.flatMap((prefix) => {
      const via = internetAddressesOf(topology, isp).find((a) => familyOf(a) === familyOf(prefix));
      return via && families.has(familyOf(prefix)) ? [addRoute(prefix, via, CLIENT_IF)] : [];
    }),
  );
  return {
    interfaces: [{ segment: INTERNET_SEGMENT, name: CLIENT_IF }],
    sysctls: sysctlsFor({ forwarding: false, rpFilter: 0, interfaces: [CLIENT_IF] }),
    commands: [
      linkUp(CLIENT_IF),
      ...client.addresses.map((a) => addAddress(inPrefix(a, internetPrefixes(topology)), CLIENT_IF)),
      ...routes,
    ],
    nftRuleset: null,
    services: [],
    netem: null,
  };
}

/** A LAN host on `segment`: its addresses and a default route per family via the router's LAN address. */
export function lanHostPlan(lan: Lan, host: LanHost, segment: string): NodePlan {
  const routes = lan.routerAddresses.flatMap((cidr) =>
    host.addresses.some((a) => familyOf(a) === familyOf(cidr))
      ? [addRoute('default', bareAddress(cidr), LAN_HOST_IF)]
      : [],
  );
  return {
    interfaces: [{ segment, name: LAN_HOST_IF }],
    sysctls: sysctlsFor({ forwarding: false, rpFilter: 0, interfaces: [LAN_HOST_IF] }),
    commands: [
      linkUp(LAN_HOST_IF),
      ...host.addresses.map((a) => addAddress(inPrefix(a, lan.routerAddresses), LAN_HOST_IF)),
      ...routes,
    ],
    nftRuleset: null,
    services: lanHostServices(host),
    netem: null,
  };
}
