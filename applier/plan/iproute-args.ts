import type { Address, Route, Rule } from '../model/types.js';

/** iproute2 arguments naming a route exactly, after `ip route add|replace|del`; always with `dev`. */
export function routeArgs(route: Route): string[] {
  const args = [route.dst];
  if (route.gateway !== undefined) args.push('via', route.gateway);
  if (route.dev !== '') args.push('dev', route.dev);
  if (route.src !== undefined) args.push('src', route.src);
  if (route.onlink === true) args.push('onlink');
  args.push('table', String(route.table), 'proto', String(route.protocol));
  if (route.metric !== undefined) args.push('metric', String(route.metric));
  // Next hops come last: iproute2 reads everything after the first `nexthop` as next-hop options.
  for (const hop of route.nexthops ?? []) {
    args.push('nexthop', 'via', hop.gateway, 'dev', hop.dev, 'weight', String(hop.weight));
    if (hop.onlink === true) args.push('onlink');
  }
  return args;
}

/** iproute2 arguments naming a rule exactly, after `ip rule add|del`; always with an explicit pref. */
export function ruleArgs(rule: Rule): string[] {
  const args: string[] = [];
  if (rule.from !== undefined) args.push('from', rule.from);
  if (rule.fwmark !== undefined) args.push('fwmark', `${hex(rule.fwmark)}/${hex(rule.fwmask ?? 0xffffffff)}`);
  args.push('lookup', String(rule.table), 'pref', String(rule.priority), 'protocol', String(rule.protocol));
  return args;
}

/**
 * iproute2 arguments for `ip address add|del`, with the alias label when there is one. IPv6 gets
 * `nodad`: a tentative address refuses to be a route's `src` ("Invalid source address") until DAD
 * ends, which would fail the routes added right after it (`del` accepts and ignores the flag).
 */
export function addressArgs(address: Address): string[] {
  const args = [`${address.address}/${address.prefixLength}`, 'dev', address.interface];
  if (address.label !== undefined) args.push('label', address.label);
  if (address.family === 6) args.push('nodad');
  return args;
}

/** A route as one readable iproute2 line (`default via 198.51.100.1 dev eth0 table 101 proto 77`). */
export function formatRoute(route: Route): string {
  return routeArgs(route).join(' ');
}

/** A rule as one readable iproute2 line (`from 198.51.100.10 lookup 101 pref 10000 protocol 77`). */
export function formatRule(rule: Rule): string {
  return ruleArgs(rule).join(' ');
}

/** Marks print in hex, as iproute2 and nft show them. */
export function hex(value: number): string {
  return `0x${(value >>> 0).toString(16)}`;
}
