import type { Change, Route, Rule } from '../../model/types.js';
import { formatRoute, formatRule } from '../../plan/iproute-args.js';

/**
 * A route as one comparable line without its protocol tag: networkd and NetworkManager tag what
 * they make with their own (static), so what has to agree is everything else.
 */
export function routeLine(route: Route): string {
  return formatRoute({ ...route, protocol: 0 }).replace(/ proto 0\b/, '');
}

/** A rule as one comparable line without its protocol tag (the managers' own, as above). */
export function ruleLine(rule: Rule): string {
  return formatRule({ ...rule, protocol: 0 }).replace(/ protocol 0\b/, '');
}

/** The routes and rules a plan adds, as sorted comparable lines: what the exports must hold. */
export function planLines(changes: readonly Change[]): { routes: string[]; rules: string[] } {
  return {
    routes: changes.flatMap((change) => (change.kind === 'route' ? [routeLine(change.object)] : [])).sort(),
    rules: changes.flatMap((change) => (change.kind === 'rule' ? [ruleLine(change.object)] : [])).sort(),
  };
}
