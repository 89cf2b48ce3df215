import { customerAddresses, type Gateway, ROUTER_ADDRESSES, type RouterAddress } from './layout.js';

/** The interface of an ISP gateway that faces its customer (the router). */
export const CUSTOMER_INTERFACE = 'cust0';

/** Name of the named counter for packets from one router address arriving from the customer side. */
export const fromCounter = (address: RouterAddress): string => `from_${address.name}`;

/**
 * The nftables ruleset of one ISP gateway: BCP38 ingress filtering on its customer interface, with
 * named counters per router source address, for forwarded packets and for spoofed drops.
 */
export function bcp38Ruleset(isp: Gateway): string {
  const selector = (entry: { family: 4 | 6 }) => (entry.family === 4 ? 'ip saddr' : 'ip6 saddr');
  const counters = ROUTER_ADDRESSES.map((entry) => `  counter ${fromCounter(entry)} { }`);
  const tally = ROUTER_ADDRESSES.map(
    (entry) =>
      `    iifname "${CUSTOMER_INTERFACE}" ${selector(entry)} ${entry.address} counter name ${fromCounter(entry)}`,
  );
  const allowed = customerAddresses(isp).map(
    (entry) =>
      `    iifname "${CUSTOMER_INTERFACE}" ${selector(entry)} ${entry.network} counter name forwarded accept`,
  );
  return [
    'table inet bcp38 {',
    ...counters,
    '  counter forwarded { }',
    '  counter spoofed { }',
    '  chain forward {',
    '    type filter hook forward priority filter; policy accept;',
    ...tally,
    ...allowed,
    `    iifname "${CUSTOMER_INTERFACE}" counter name spoofed drop`,
    '  }',
    '}',
    '',
  ].join('\n');
}
