import type { Config, Family, Uplink } from '../model/config.js';
import { MAIN_TABLE, MULTIHOME_PROTOCOL } from '../model/constants.js';
import { hasProtocol, sameRouteContent } from '../model/identity.js';
import type { HostState, Ledger, Route, RouteChange } from '../model/types.js';
import { type HealthView, mainDefaultUplinks } from './failover-order.js';

/**
 * The main-table default route multihome wants for one family, or null when nothing is to be done.
 * It goes via the first healthy uplink in failover order (`health` comes from `watch`; without it
 * every uplink is healthy), or is one multipath route over two or more healthy weighted uplinks.
 * A default via that uplink already there is left alone (and kept, when it is ours); none at all
 * gets one of ours; a foreign one is replaced and returned as `previous` for the ledger. With no
 * uplink of the family, a default route multihome once displaced comes back.
 */
export function desiredMainDefault(
  config: Config,
  state: HostState,
  ledger: Ledger | null,
  family: Family,
  health?: HealthView,
): RouteChange | null {
  const present = state.mainDefaults
    .filter((route) => route.family === family)
    .sort((a, b) => (a.metric ?? 0) - (b.metric ?? 0));
  const carriers = mainDefaultUplinks(config, family, health);
  if (carriers.length === 0) return restoreDisplaced(present, ledger, family);
  const active = present[0];
  const route: Route = {
    ...viaCarriers(family, carriers),
    // Same metric as the route it takes the place of, so `replace` replaces instead of adding.
    ...(active?.metric === undefined ? {} : { metric: active.metric }),
  };
  const matching = present.find((candidate) =>
    route.nexthops === undefined
      ? candidate.nexthops === undefined && candidate.gateway === route.gateway && candidate.dev === route.dev
      : sameRouteContent(candidate, route),
  );
  if (matching !== undefined) return hasProtocol(matching, MULTIHOME_PROTOCOL) ? matching : null;
  if (active === undefined || hasProtocol(active, MULTIHOME_PROTOCOL)) return route;
  return { ...route, previous: active };
}

// One uplink: a plain route via its gateway. Several: one multipath route with their weights.
function viaCarriers(family: Family, carriers: readonly Uplink[]): Route {
  const base = { family, table: MAIN_TABLE, dst: 'default', protocol: MULTIHOME_PROTOCOL };
  const [only] = carriers;
  if (carriers.length === 1 && only !== undefined) {
    return {
      ...base,
      dev: only.interface,
      gateway: only.gateway,
      ...(only.onlink ? { onlink: true } : {}),
    };
  }
  return {
    ...base,
    dev: '',
    nexthops: carriers.map((uplink) => ({
      gateway: uplink.gateway,
      dev: uplink.interface,
      weight: uplink.weight ?? 1,
      ...(uplink.onlink ? { onlink: true } : {}),
    })),
  };
}

function restoreDisplaced(present: readonly Route[], ledger: Ledger | null, family: Family): Route | null {
  const displaced = ledger?.displacedDefaults.find((route) => route.family === family);
  if (displaced === undefined) return null;
  const back = present.some(
    (route) =>
      route.gateway === displaced.gateway &&
      route.dev === displaced.dev &&
      !hasProtocol(route, MULTIHOME_PROTOCOL),
  );
  return back ? null : displaced;
}
