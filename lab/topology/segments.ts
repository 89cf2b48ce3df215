import { hostAt } from '../../applier/model/address.js';
import type { Isp, Topology } from './types.js';

/** Segment every ISP gateway and client shares: the "internet". */
export const INTERNET_SEGMENT = 'internet';

/** Segment between the router's n-th LAN interface and that LAN's hosts: `lan`, then `lan1`, `lan2`, … */
export function lanSegment(index: number): string {
  return index === 0 ? 'lan' : `lan${index}`;
}

/** Internet prefixes used when a topology names none. */
export const DEFAULT_INTERNET_PREFIXES: readonly string[] = ['100.64.0.0/24', '2001:db8:ff::/64'];

/** The internet segment's prefixes, explicit or default. */
export function internetPrefixes(topology: Topology): readonly string[] {
  return topology.internet?.prefixes ?? DEFAULT_INTERNET_PREFIXES;
}

/** An ISP gateway's internet-side addresses, explicit or host `n` of each prefix by its position (1-based). */
export function internetAddressesOf(topology: Topology, isp: Isp): readonly string[] {
  if (isp.internetAddresses) return isp.internetAddresses;
  const n = topology.isps.indexOf(isp) + 1;
  return internetPrefixes(topology).map((cidr) => hostAt(cidr, n));
}
