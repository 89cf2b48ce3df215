import type { Config } from '../model/config.js';
import { MAIN_TABLE, MULTIHOME_PROTOCOL } from '../model/constants.js';
import { addressKey, hasProtocol, routeKey, ruleKey } from '../model/identity.js';
import type { Address, Change, HostState, Ledger, Route, Rule } from '../model/types.js';
import { desiredState } from './desired.js';

/**
 * The ledger after `changes` applied for `config`: added addresses, the routes and rules created,
 * first-seen sysctl originals (and the values set), displaced main defaults and the marks of uplinks
 * that went are recorded; what was removed or restored is forgotten. Pure, so apply persists exactly
 * what the planner meant. With `state` (the host the changes were planned from), tagged objects
 * that already matched the config are recorded as ours too.
 */
export function nextLedger(
  previous: Ledger | null,
  config: Config,
  changes: readonly Change[],
  state?: HostState,
): Ledger {
  const added = new Map((previous?.addedAddresses ?? []).map((a) => [addressKey(a), a] as [string, Address]));
  const originals: Record<string, string> = { ...(previous?.sysctlOriginals ?? {}) };
  const values: Record<string, string> = { ...(previous?.sysctlValues ?? {}) };
  const routes = new Map((previous?.routes ?? []).map((r) => [routeKey(r), r] as [string, Route]));
  const rules = new Map((previous?.rules ?? []).map((r) => [ruleKey(r), r] as [string, Rule]));
  let displaced: Route[] = [...(previous?.displacedDefaults ?? [])];
  if (state !== undefined) {
    // Tagged objects that already were exactly what the config wants are adopted: they are ours now.
    const desired = desiredState(config, state, previous);
    const routeKeys = new Set(desired.routes.map(routeKey));
    const ruleKeys = new Set(desired.rules.map(ruleKey));
    for (const route of state.ownedRoutes)
      if (routeKeys.has(routeKey(route))) routes.set(routeKey(route), route);
    for (const rule of state.ownedRules) if (ruleKeys.has(ruleKey(rule))) rules.set(ruleKey(rule), rule);
  }
  for (const change of changes) {
    if (change.kind === 'route') {
      const { previous: _displaced, ...route } = change.object;
      if (change.action === 'delete' || !hasProtocol(route, MULTIHOME_PROTOCOL))
        routes.delete(routeKey(route));
      else routes.set(routeKey(route), route);
    } else if (change.kind === 'rule') {
      if (change.action === 'delete') rules.delete(ruleKey(change.object));
      else {
        // A replace swaps the rule at this pref: the old content goes with it.
        if (change.action === 'replace') {
          for (const [key, rule] of rules)
            if (rule.priority === change.object.priority && rule.family === change.family) rules.delete(key);
        }
        rules.set(ruleKey(change.object), change.object);
      }
    }
    if (change.kind === 'address') {
      if (change.action === 'delete') added.delete(addressKey(change.object));
      else added.set(addressKey(change.object), change.object);
    } else if (change.kind === 'sysctl') {
      const { key, value, previous: was } = change.object;
      if (originals[key] === value) {
        delete originals[key];
        delete values[key];
      } else if (key in originals || was !== undefined) {
        if (!(key in originals) && was !== undefined) originals[key] = was;
        values[key] = value;
      }
    } else if (change.kind === 'route' && change.action !== 'delete') {
      const route = change.object;
      if (route.table !== MAIN_TABLE || route.dst !== 'default') continue;
      if (route.previous !== undefined && !hasProtocol(route.previous, MULTIHOME_PROTOCOL)) {
        const { previous: old } = route;
        displaced = [...displaced.filter((d) => d.family !== old.family), old];
      } else if (!hasProtocol(route, MULTIHOME_PROTOCOL)) {
        displaced = displaced.filter((d) => routeKey(d) !== routeKey(route));
      }
    }
  }
  const marks = new Set(config.uplinks.map((uplink) => uplink.mark));
  // An `auto` uplink waiting for its lease again keeps the mark it had; any other mark that went
  // (an uplink deleted, or one that stopped waiting without coming back) is retired.
  const waiting = new Set((config.auto?.waiting ?? []).map((entry) => entry.uplink));
  const had: [string, number][] = [
    ...Object.entries(previous?.waitingMarks ?? {}),
    ...(previous?.config.uplinks ?? []).map((uplink): [string, number] => [uplink.name, uplink.mark]),
  ];
  const held = Object.fromEntries(
    had.filter(([name, mark]) => waiting.has(name) && mark !== 0 && !marks.has(mark)),
  );
  const retired = new Set(previous?.retiredMarks ?? []);
  for (const [name, mark] of had)
    if (!marks.has(mark) && mark !== 0 && held[name] !== mark) retired.add(mark);
  const heldMarks = new Set(Object.values(held));
  return {
    version: 2,
    config,
    addedAddresses: [...added.values()],
    sysctlOriginals: originals,
    sysctlValues: values,
    routes: [...routes.values()],
    rules: [...rules.values()],
    // A mark a connection may still carry is never handed to another uplink (until remove).
    retiredMarks: [...retired]
      .filter((mark) => !marks.has(mark) && !heldMarks.has(mark))
      .sort((a, b) => a - b),
    ...(Object.keys(held).length > 0 ? { waitingMarks: held } : {}),
    // A family with no default uplink any more has nothing displaced left to remember.
    displacedDefaults: displaced.filter((route) => config.defaults[route.family] !== undefined),
  };
}
