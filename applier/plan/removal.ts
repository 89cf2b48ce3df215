import { MULTIHOME_PROTOCOL } from '../model/constants.js';
import { addressKey, hasProtocol, routeKey } from '../model/identity.js';
import type { Change, HostState, Ledger, Route } from '../model/types.js';
import { isOwnNftTable } from './nftables.js';
import { orderChanges, REMOVAL_PHASES } from './order.js';
import { nftDelete } from './plan-nft.js';
import { sysctlChange } from './plan-sysctls.js';
import { ledgerTableNames, tableNameChange } from './plan-table-names.js';
import { isOurs, strangersOf } from './strangers.js';

/**
 * Everything multihome owns goes: routes and rules with its protocol, its nft table, the addresses
 * and table names the ledger lists; sysctls and displaced main defaults come back. Displaced
 * defaults are restored before multihome's own default goes (make before break).
 */
export function planRemoval(state: HostState, ledger: Ledger | null): Change[] {
  const strangers = strangersOf(state, ledger);
  // A displaced default comes back only where the main table has no other default of its family,
  // and only onto an interface the host has (a PPP link or modem gone since is the kernel's to refuse).
  const restored = (ledger?.displacedDefaults ?? []).filter(
    (route) => foreignDefaultOf(state, route) === undefined && missingDevices(state, route).length === 0,
  );
  const restoredKeys = new Set(restored.map(routeKey));
  const present = new Set(state.addresses.map(addressKey));
  const changes: Change[] = [
    ...restored.map(
      (route): Change => ({
        action: state.ownedRoutes.some((own) => routeKey(own) === routeKey(route)) ? 'replace' : 'add',
        kind: 'route',
        family: route.family,
        object: route,
        reason: `restoring the main default route multihome displaced`,
      }),
    ),
    // A foreign table of the same name is someone else's: remove leaves it.
    ...(state.nftTable === null || !isOwnNftTable(state.nftTable)
      ? []
      : [nftDelete(state.nftTable.comment, 'multihome is being removed')]),
    ...state.ownedRules
      .filter((rule) => isOurs(strangers, rule))
      .map(
        (rule): Change => ({
          action: 'delete',
          kind: 'rule',
          family: rule.family,
          object: rule,
          reason: 'multihome is being removed',
        }),
      ),
    ...state.ownedRoutes
      .filter((route) => !restoredKeys.has(routeKey(route)) && isOurs(strangers, route))
      .map(
        (route): Change => ({
          action: 'delete',
          kind: 'route',
          family: route.family,
          object: route,
          reason: 'multihome is being removed',
        }),
      ),
    ...(ledger?.addedAddresses ?? [])
      .filter((address) => present.has(addressKey(address)))
      .map(
        (address): Change => ({
          action: 'delete',
          kind: 'address',
          family: address.family,
          object: address,
          reason: 'multihome added this address and is being removed',
        }),
      ),
    // A sysctl comes back only while it still holds what multihome set: an admin's later value stays.
    ...Object.entries(ledger?.sysctlOriginals ?? {})
      .filter(([key, original]) => state.sysctls[key] !== undefined && state.sysctls[key] !== original)
      .filter(([key]) => !changedSince(state, ledger, key))
      .map(([key, original]) =>
        sysctlChange(key, original, state.sysctls[key], `restoring ${key} to ${original}`),
      ),
    ...ledgerTableNames(ledger).map((name) => tableNameChange('delete', name, 'multihome is being removed')),
  ];
  return orderChanges(changes, REMOVAL_PHASES);
}

/**
 * What remove leaves because an admin changed it after apply, one sentence each, so remove can say
 * so: sysctls that no longer hold the value multihome set, and displaced defaults not re-added
 * because the main table has another default of that family now or their interface is gone.
 */
export function removalLeavesAlone(state: HostState, ledger: Ledger | null): string[] {
  if (ledger === null) return [];
  const sysctls = Object.entries(ledger.sysctlOriginals)
    .filter(([key, original]) => state.sysctls[key] !== original && changedSince(state, ledger, key))
    .map(
      ([key, original]) =>
        `left ${key} at ${state.sysctls[key]}: it was changed after multihome set ${ledger.sysctlValues[key]}, so it is not restored to ${original}`,
    );
  const defaults = ledger.displacedDefaults.flatMap((route) => {
    const other = foreignDefaultOf(state, route);
    if (other !== undefined)
      return [
        `did not re-add the displaced default ${defaultText(route)}: the main table has another IPv${route.family} default now (${defaultText(other)})`,
      ];
    const missing = missingDevices(state, route);
    if (missing.length > 0)
      return [
        `did not re-add the displaced default ${defaultText(route)}: ${missing.join(' and ')} ${missing.length === 1 ? 'is' : 'are'} not on this host now (whatever brings ${missing.length === 1 ? 'it' : 'them'} back, a DHCP or PPP client, sets the default again)`,
      ];
    return [];
  });
  return [...sysctls, ...defaults];
}

// Whether a sysctl multihome set holds another value now (an admin's, which stays).
function changedSince(state: HostState, ledger: Ledger | null, key: string): boolean {
  const set = ledger?.sysctlValues[key];
  const current = state.sysctls[key];
  return set !== undefined && current !== undefined && current !== set;
}

function foreignDefaultOf(state: HostState, route: Route): Route | undefined {
  return state.mainDefaults.find(
    (present) => present.family === route.family && !hasProtocol(present, MULTIHOME_PROTOCOL),
  );
}

// The interfaces a route goes out of (each next hop's, for a multipath one) that the host lacks.
function missingDevices(state: HostState, route: Route): string[] {
  const devices = route.nexthops?.map((hop) => hop.dev) ?? [route.dev];
  return [...new Set(devices)].filter((dev) => !state.interfaces.includes(dev));
}

function defaultText(route: Route): string {
  if (route.nexthops !== undefined)
    return route.nexthops.map((hop) => `via ${hop.gateway} dev ${hop.dev}`).join(' + ');
  return route.gateway === undefined ? `dev ${route.dev}` : `via ${route.gateway} dev ${route.dev}`;
}
