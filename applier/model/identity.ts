import { addressBytes } from './address.js';
import type { Address, Route, Rule } from './types.js';

/** A route's identity as the kernel sees it: family, table, destination and (when set) metric. */
export function routeKey(route: Route): string {
  return `${route.family}|${route.table}|${route.dst}|${route.metric ?? ''}`;
}

/** True when two routes of one identity also agree on everything multihome sets. */
export function sameRouteContent(a: Route, b: Route): boolean {
  return (
    a.dev === b.dev &&
    a.gateway === b.gateway &&
    a.src === b.src &&
    (a.onlink ?? false) === (b.onlink ?? false) &&
    String(a.protocol) === String(b.protocol) &&
    nexthopsKey(a) === nexthopsKey(b)
  );
}

function nexthopsKey(route: Route): string {
  return (route.nexthops ?? [])
    .map((hop) => `${hop.gateway}|${hop.dev}|${hop.weight}|${hop.onlink ?? false}`)
    .join(',');
}

/** A rule's whole content as a key: rules have no in-place replace, so any difference is a new rule. */
export function ruleKey(rule: Rule): string {
  const mark = rule.fwmark === undefined ? '' : `${rule.fwmark}/${rule.fwmask ?? 0xffffffff}`;
  return `${rule.family}|${rule.priority}|${rule.from ?? ''}|${mark}|${rule.table}|${rule.protocol}`;
}

/**
 * An address's identity: which interface carries which address (the prefix and label are content),
 * compared as bytes, so the config's spelling and the kernel's always meet.
 */
export function addressKey(address: Address): string {
  return `${address.family}|${address.interface}|${addressBytes(address.address)}`;
}

/** Compares protocol fields that may be numbers or strings (`77` and `'77'` are the same tag). */
export function hasProtocol(object: { readonly protocol: number | string }, protocol: number): boolean {
  return String(object.protocol) === String(protocol);
}
