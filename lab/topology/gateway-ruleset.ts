import { familyOf, ofFamily, sanitiseAddress } from '../../applier/config/address.js';
import type { Isp, Topology } from './types.js';

/** Name of the BCP38 drop counter in every gateway's `inet lab` table. */
export const SPOOFED_COUNTER = 'spoofed';

/** The gateway's customer-side interface name inside its container. */
export const GATEWAY_CUSTOMER_IF = 'wan';

/** The gateway's internet-side interface name inside its container. */
export const GATEWAY_INTERNET_IF = 'inet';

/** Counter name for packets from one router address: `from_198_51_100_10`. */
export function fromCounterName(address: string): string {
  return `from_${sanitiseAddress(address)}`;
}

/** Every router uplink address of a topology, in ISP order. */
export function routerUplinkAddresses(topology: Topology): string[] {
  return topology.isps.flatMap((isp) => isp.routerAddresses);
}

/**
 * The gateway's `table inet lab`: BCP38 drops (counted as `spoofed`) come first, so the per-address
 * counters count only what the gateway really forwarded from its customer side.
 */
export function gatewayRuleset(topology: Topology, isp: Isp): string {
  const addresses = routerUplinkAddresses(topology);
  const counters = [SPOOFED_COUNTER, ...addresses.map(fromCounterName)];
  const from = `iifname "${GATEWAY_CUSTOMER_IF}"`;
  const rules = [
    ...(isp.bcp38 ? bcp38Rules(isp, from) : []),
    ...addresses.map((address) => {
      const match = familyOf(address) === 6 ? 'ip6 saddr' : 'ip saddr';
      return `${from} ${match} ${address} counter name "${fromCounterName(address)}"`;
    }),
  ];
  return [
    // Declare then delete, so loading the ruleset again replaces the table instead of failing.
    'table inet lab',
    'delete table inet lab',
    'table inet lab {',
    ...counters.map((name) => `\tcounter ${name} {\n\t}`),
    '\tchain forward {',
    '\t\ttype filter hook forward priority filter; policy accept;',
    ...rules.map((rule) => `\t\t${rule}`),
    '\t}',
    '}',
    '',
  ].join('\n');
}

function bcp38Rules(isp: Isp, from: string): string[] {
  return ([4, 6] as const).map((family) => {
    const proto = family === 4 ? 'ipv4' : 'ipv6';
    const prefix = ofFamily(isp.prefixes, family);
    const saddr = family === 4 ? 'ip saddr' : 'ip6 saddr';
    const match = prefix ? ` ${saddr} != ${prefix}` : '';
    return `${from} meta nfproto ${proto}${match} counter name "${SPOOFED_COUNTER}" drop`;
  });
}
