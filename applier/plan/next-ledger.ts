import type { Config } from '../model/config.js';
import { MAIN_TABLE, MULTIHOME_PROTOCOL } from '../model/constants.js';
import { addressKey, hasProtocol, routeKey } from '../model/identity.js';
import type { Address, Change, Ledger, Route } from '../model/types.js';

/**
 * The ledger after `changes` applied for `config`: added addresses, first-seen sysctl originals and
 * displaced main defaults are recorded; what was removed or restored is forgotten. Pure, so apply
 * persists exactly what the planner meant.
 */
export function nextLedger(previous: Ledger | null, config: Config, changes: readonly Change[]): Ledger {
  const added = new Map((previous?.addedAddresses ?? []).map((a) => [addressKey(a), a] as [string, Address]));
  const originals: Record<string, string> = { ...(previous?.sysctlOriginals ?? {}) };
  let displaced: Route[] = [...(previous?.displacedDefaults ?? [])];
  for (const change of changes) {
    if (change.kind === 'address') {
      if (change.action === 'delete') added.delete(addressKey(change.object));
      else added.set(addressKey(change.object), change.object);
    } else if (change.kind === 'sysctl') {
      const { key, value, previous: was } = change.object;
      if (originals[key] === value) delete originals[key];
      else if (!(key in originals) && was !== undefined) originals[key] = was;
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
  return {
    version: 1,
    config,
    addedAddresses: [...added.values()],
    sysctlOriginals: originals,
    // A family with no default uplink any more has nothing displaced left to remember.
    displacedDefaults: displaced.filter((route) => config.defaults[route.family] !== undefined),
  };
}
