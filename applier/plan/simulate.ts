import { MAIN_TABLE, MULTIHOME_PROTOCOL } from '../model/constants.js';
import { addressKey, hasProtocol, routeKey, ruleKey } from '../model/identity.js';
import type { Change, HostState, Route, RouteChange } from '../model/types.js';
import { nftRuleCount } from './nftables.js';

/**
 * The host state after `changes` succeed, modelled without a kernel: what re-planning would read.
 * Property tests use it to show that apply-then-plan is empty; apply tests can use it as an oracle.
 */
export function simulateApply(state: HostState, changes: readonly Change[]): HostState {
  let next: HostState = state;
  for (const change of changes) next = applyOne(next, change);
  return next;
}

function applyOne(state: HostState, change: Change): HostState {
  switch (change.kind) {
    case 'address': {
      const key = addressKey(change.object);
      const rest = state.addresses.filter((address) => addressKey(address) !== key);
      return { ...state, addresses: change.action === 'delete' ? rest : [...rest, change.object] };
    }
    case 'route':
      return applyRoute(state, change.action, plain(change.object));
    case 'rule': {
      const key = ruleKey(change.object);
      const rest = state.ownedRules.filter((rule) => ruleKey(rule) !== key);
      return { ...state, ownedRules: change.action === 'delete' ? rest : [...rest, change.object] };
    }
    case 'nftables':
      return {
        ...state,
        nftTable:
          change.action === 'delete'
            ? null
            : { comment: change.object.digest, rules: nftRuleCount(change.object) },
      };
    case 'sysctl':
      return { ...state, sysctls: { ...state.sysctls, [change.object.key]: change.object.value } };
    case 'table-name':
      return state;
  }
}

function applyRoute(state: HostState, action: Change['action'], route: Route): HostState {
  const key = routeKey(route);
  const isMainDefault = route.table === MAIN_TABLE && route.dst === 'default';
  const ownedRest = state.ownedRoutes.filter((own) => routeKey(own) !== key);
  const mainRest = state.mainDefaults.filter((own) => routeKey(own) !== key);
  if (action === 'delete') {
    return { ...state, ownedRoutes: ownedRest, mainDefaults: isMainDefault ? mainRest : state.mainDefaults };
  }
  return {
    ...state,
    ownedRoutes: hasProtocol(route, MULTIHOME_PROTOCOL) ? [...ownedRest, route] : ownedRest,
    mainDefaults: isMainDefault ? [...mainRest, route] : state.mainDefaults,
  };
}

function plain(route: RouteChange): Route {
  const { previous: _previous, ...rest } = route;
  return rest;
}
