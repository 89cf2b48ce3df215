import { MULTIHOME_PROTOCOL } from '../model/constants.js';
import type { Address, Route, Rule } from '../model/types.js';
import { addressArgs, routeArgs, ruleArgs } from '../plan/render.js';

/**
 * One `ip -batch` line from its words. iproute2 splits batch lines at blanks and reads `"…"` as one
 * word, so every word that is not plain is double-quoted; a word `"…"` cannot carry (a `"`, a `#`,
 * which starts a comment even inside quotes, or a line break) is a bug upstream: the config refuses
 * such names, so this throws instead of writing a line that means something else.
 */
export function batchLine(words: readonly string[]): string {
  return words
    .map((word) => {
      if (/^[\w.:/@+=,%-]+$/.test(word)) return word;
      if (/["#\n\r]/.test(word)) throw new TypeError(`ip -batch cannot carry ${JSON.stringify(word)}`);
      return `"${word}"`;
    })
    .join(' ');
}

/** `ip -batch` lines that make a route exist; replace also covers a route that appeared meanwhile. */
export function routeAddLines(route: Route): string[] {
  return [batchLine(['route', 'replace', ...routeArgs(route)])];
}

/** `ip -batch` line that deletes exactly this route. */
export function routeDeleteLines(route: Route): string[] {
  return [batchLine(['route', 'del', ...routeArgs(route)])];
}

/** `ip -batch` line that adds a rule; every rule has its own pref, so adding twice never happens. */
export function ruleAddLines(rule: Rule): string[] {
  return [batchLine(['rule', 'add', ...ruleArgs(rule)])];
}

/** Rules have no in-place replace: the old one at this pref (ours, by protocol) goes, the new one comes. */
export function ruleReplaceLines(rule: Rule): string[] {
  return [`rule del priority ${rule.priority} protocol ${MULTIHOME_PROTOCOL}`, ...ruleAddLines(rule)];
}

/** `ip -batch` line that deletes exactly this rule. */
export function ruleDeleteLines(rule: Rule): string[] {
  return [batchLine(['rule', 'del', ...ruleArgs(rule)])];
}

/** `ip -batch` line that adds an address (with its alias label, if any). */
export function addressAddLines(address: Address): string[] {
  return [batchLine(['address', 'add', ...addressArgs(address)])];
}

/** `ip -batch` line that deletes an address. */
export function addressDeleteLines(address: Address): string[] {
  return [
    batchLine(['address', 'del', `${address.address}/${address.prefixLength}`, 'dev', address.interface]),
  ];
}
