import type { Config } from '../model/config.js';
import { MAIN_TABLE, MULTIHOME_PROTOCOL } from '../model/constants.js';
import { hasProtocol, routeKey, sameRouteContent } from '../model/identity.js';
import type { Change, HostState, Route, RouteChange } from '../model/types.js';
import { formatRoute } from './iproute-args.js';
import { isOurs, type Strangers } from './strangers.js';

/** Route changes: desired routes missing or different are added or replaced; owned leftovers deleted. */
export function planRoutes(
  config: Config,
  state: HostState,
  desired: readonly RouteChange[],
  strangers: Strangers = { routes: [], rules: [] },
): Change[] {
  const owned = new Map(state.ownedRoutes.map((route) => [routeKey(route), route]));
  const wanted = new Set(desired.map(routeKey));
  const changes: Change[] = [];
  for (const route of desired) {
    const current = owned.get(routeKey(route));
    if (current !== undefined && sameRouteContent(current, stripPrevious(route))) continue;
    // A restored foreign default may meet a route of the same identity: replace, never a failing add.
    const restoring = !hasProtocol(route, MULTIHOME_PROTOCOL);
    const action = current !== undefined || route.previous !== undefined || restoring ? 'replace' : 'add';
    changes.push({
      action,
      kind: 'route',
      family: route.family,
      object: route,
      reason: whyRoute(config, route, current),
    });
  }
  for (const route of state.ownedRoutes) {
    if (wanted.has(routeKey(route)) || !isOurs(strangers, route)) continue;
    changes.push({
      action: 'delete',
      kind: 'route',
      family: route.family,
      object: route,
      reason: `${where(config, route)} is multihome's but no uplink in the config wants it`,
    });
  }
  return changes;
}

function whyRoute(config: Config, route: RouteChange, current: Route | undefined): string {
  const what = route.dst === 'default' ? 'default route' : `route to ${route.dst}`;
  if (route.table === MAIN_TABLE && route.dst === 'default') {
    const uplink = carriersOf(config, route) ?? config.defaults[route.family];
    const family = `IPv${route.family}`;
    if (uplink === undefined)
      return `no ${family} default uplink is configured; restoring the default route multihome displaced`;
    if (route.previous !== undefined) {
      return `the main table's ${family} default is \`${formatRoute(route.previous)}\`; ${uplink} is the default uplink (the old route is remembered for remove)`;
    }
    if (current !== undefined)
      return `multihome's ${family} default in the main table does not go via ${uplink}`;
    return `the main table has no ${family} default route; ${uplink} is the default uplink`;
  }
  const owner = config.uplinks.find((uplink) => uplink.table === route.table)?.name ?? `table ${route.table}`;
  if (current === undefined) return `${owner} has no ${what} in table ${route.table}`;
  return `${owner}'s ${what} in table ${route.table} is ${formatRoute(current)}`;
}

// The uplink(s) a main default goes via, by name: `isp1`, or `isp1+isp2` for a multipath route.
function carriersOf(config: Config, route: Route): string | undefined {
  const hops =
    route.nexthops ?? (route.gateway === undefined ? [] : [{ gateway: route.gateway, dev: route.dev }]);
  const names = hops.flatMap(
    (hop) =>
      config.uplinks.find((uplink) => uplink.gateway === hop.gateway && uplink.interface === hop.dev)?.name ??
      [],
  );
  return names.length === 0 ? undefined : names.join('+');
}

function where(config: Config, route: Route): string {
  const what = route.dst === 'default' ? 'default route' : `route to ${route.dst}`;
  const owner = config.uplinks.find((uplink) => uplink.table === route.table);
  return `the ${what} in table ${route.table}${owner === undefined ? '' : ` (${owner.name})`}`;
}

function stripPrevious(route: RouteChange): Route {
  const { previous: _previous, ...rest } = route;
  return rest;
}
