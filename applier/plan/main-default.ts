import type { Config, Family } from '../model/config.js';
import { MAIN_TABLE, MULTIHOME_PROTOCOL } from '../model/constants.js';
import { hasProtocol } from '../model/identity.js';
import type { HostState, Ledger, Route, RouteChange } from '../model/types.js';

/**
 * The main-table default route multihome wants for one family, or null when nothing is to be done:
 * a default via the `defaults` uplink already there is left alone (and kept, when it is ours); none
 * at all gets one of ours; a foreign one is replaced and returned as `previous` for the ledger. With
 * no `defaults` uplink, a default route multihome once displaced comes back.
 */
export function desiredMainDefault(
  config: Config,
  state: HostState,
  ledger: Ledger | null,
  family: Family,
): RouteChange | null {
  const present = state.mainDefaults
    .filter((route) => route.family === family)
    .sort((a, b) => (a.metric ?? 0) - (b.metric ?? 0));
  const name = config.defaults[family];
  const uplink = config.uplinks.find((candidate) => candidate.name === name && candidate.family === family);
  if (uplink === undefined) return restoreDisplaced(present, ledger, family);
  const matching = present.find(
    (route) => route.gateway === uplink.gateway && route.dev === uplink.interface,
  );
  if (matching !== undefined) return hasProtocol(matching, MULTIHOME_PROTOCOL) ? matching : null;
  const active = present[0];
  const route: Route = {
    family,
    table: MAIN_TABLE,
    dst: 'default',
    dev: uplink.interface,
    gateway: uplink.gateway,
    protocol: MULTIHOME_PROTOCOL,
    ...(uplink.onlink ? { onlink: true } : {}),
    // Same metric as the route it takes the place of, so `replace` replaces instead of adding.
    ...(active?.metric === undefined ? {} : { metric: active.metric }),
  };
  if (active === undefined || hasProtocol(active, MULTIHOME_PROTOCOL)) return route;
  return { ...route, previous: active };
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
