import { MULTIHOME_PROTOCOL } from '../model/constants.js';
import type { Address, Route, Rule } from '../model/types.js';
import { addressArgs, routeArgs, ruleArgs } from '../plan/render.js';

/** `ip -batch` lines that make a route exist; replace also covers a route that appeared meanwhile. */
export function routeAddLines(route: Route): string[] {
  return [`route replace ${routeArgs(route).join(' ')}`];
}

/** `ip -batch` line that deletes exactly this route. */
export function routeDeleteLines(route: Route): string[] {
  return [`route del ${routeArgs(route).join(' ')}`];
}

/** `ip -batch` line that adds a rule; every rule has its own pref, so adding twice never happens. */
export function ruleAddLines(rule: Rule): string[] {
  return [`rule add ${ruleArgs(rule).join(' ')}`];
}

/** Rules have no in-place replace: the old one at this pref (ours, by protocol) goes, the new one comes. */
export function ruleReplaceLines(rule: Rule): string[] {
  return [`rule del priority ${rule.priority} protocol ${MULTIHOME_PROTOCOL}`, ...ruleAddLines(rule)];
}

/** `ip -batch` line that deletes exactly this rule. */
export function ruleDeleteLines(rule: Rule): string[] {
  return [`rule del ${ruleArgs(rule).join(' ')}`];
}

/** `ip -batch` line that adds an address (with its alias label, if any). */
export function addressAddLines(address: Address): string[] {
  return [`address add ${addressArgs(address).join(' ')}`];
}

/** `ip -batch` line that deletes an address. */
export function addressDeleteLines(address: Address): string[] {
  return [`address del ${address.address}/${address.prefixLength} dev ${address.interface}`];
}
