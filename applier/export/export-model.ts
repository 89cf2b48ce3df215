import type { Config } from '../model/config.js';
import type { Address, Route, Rule } from '../model/types.js';
import { type DesiredState, desiredState } from '../plan/desired.js';
import { bootHostState } from './boot-host.js';

/** What every export format writes down: the planner's own desired state for a freshly booted host. */
export type ExportModel = Omit<DesiredState, 'routes'> & {
  readonly config: Config;
  /** Per-uplink table routes, and the main default via the `default` uplink. */
  readonly routes: readonly Route[];
};

/**
 * The model of an export, taken from `desiredState` (what `plan` diffs against) for the boot host,
 * so an export holds what apply would make there by construction, never a second model of it.
 */
export function exportModel(config: Config): ExportModel {
  const desired = desiredState(config, bootHostState(config), null);
  return {
    config,
    addresses: desired.addresses,
    routes: desired.routes.map(({ previous: _previous, ...route }) => route),
    rules: desired.rules,
    sysctls: desired.sysctls,
    tableNames: desired.tableNames,
    nftTable: desired.nftTable,
  };
}

/** The interfaces an export configures, in config order: each uplink interface once. */
export function exportInterfaces(model: ExportModel): string[] {
  return [...new Set(model.config.uplinks.map((uplink) => uplink.interface))];
}

/** The interface whose file holds a route: its device, or a multipath route's first next hop's. */
export function routeInterface(route: Route): string {
  return route.nexthops?.[0]?.dev ?? route.dev;
}

/** The routes and rules of one interface (rules go with the interface of their uplink's table). */
export function interfaceObjects(
  model: ExportModel,
  name: string,
): { addresses: Address[]; routes: Route[]; rules: Rule[] } {
  const tables = new Set(
    model.config.uplinks.filter((uplink) => uplink.interface === name).map((uplink) => uplink.table),
  );
  return {
    addresses: model.addresses.filter((address) => address.interface === name),
    routes: model.routes.filter((route) => routeInterface(route) === name),
    rules: model.rules.filter((rule) => tables.has(rule.table)),
  };
}
