import { familyOf, withPrefixOf } from '../../applier/model/address.js';
import { GATEWAY_CUSTOMER_IF, GATEWAY_INTERNET_IF, gatewayRuleset } from './gateway-ruleset.js';
import { addAddress, linkUp } from './plan-commands.js';
import { INTERNET_SEGMENT, internetAddressesOf, internetPrefixes } from './segments.js';
import { sysctlsFor } from './sysctls.js';
import type { Isp, NodePlan, Topology } from './types.js';

/**
 * An ISP gateway: its customer segment on `wan`, the internet on `inet`, forwarding between them with
 * BCP38 and per-router-address counters in `table inet lab`. Both sides are connected routes.
 */
export function gatewayPlan(topology: Topology, isp: Isp): NodePlan {
  const names = [GATEWAY_CUSTOMER_IF, GATEWAY_INTERNET_IF];
  const customer = isp.gateways.map((gateway) =>
    addAddress(inPrefix(gateway, isp.prefixes), GATEWAY_CUSTOMER_IF),
  );
  const internet = internetAddressesOf(topology, isp).map((address) =>
    addAddress(inPrefix(address, internetPrefixes(topology)), GATEWAY_INTERNET_IF),
  );
  return {
    interfaces: [
      { segment: isp.segment, name: GATEWAY_CUSTOMER_IF },
      { segment: INTERNET_SEGMENT, name: GATEWAY_INTERNET_IF },
    ],
    sysctls: sysctlsFor({ forwarding: true, rpFilter: 0, interfaces: names }),
    commands: [...names.map(linkUp), ...customer, ...internet],
    nftRuleset: gatewayRuleset(topology, isp),
    services: [],
    netem: isp.netem ? { interface: GATEWAY_CUSTOMER_IF, ...isp.netem } : null,
  };
}

/** `address/len` with the length of the prefix of its family among `prefixes`. */
export function inPrefix(address: string, prefixes: readonly string[]): string {
  const prefix = prefixes.find((p) => familyOf(p) === familyOf(address));
  return prefix ? withPrefixOf(address, prefix) : address;
}
