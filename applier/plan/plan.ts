import type { Config } from '../model/config.js';
import { addressKey } from '../model/identity.js';
import type { Change, HostState, Ledger } from '../model/types.js';
import { desiredState, uplinkAddress } from './desired.js';
import type { HealthView } from './failover-order.js';
import { orderChanges } from './order.js';
import { planAddresses } from './plan-addresses.js';
import { planNft } from './plan-nft.js';
import { planRoutes } from './plan-routes.js';
import { planRules } from './plan-rules.js';
import { planSysctls } from './plan-sysctls.js';
import { planTableNames } from './plan-table-names.js';
import { strangersOf } from './strangers.js';

export { planRemoval, removalLeavesAlone } from './removal.js';

/**
 * The changes that turn `state` into what `config` wants, make-before-break ordered. Pure and
 * synchronous: only objects multihome owns (protocol 77, its nft table, ledger entries) are changed.
 * `health` is `watch`'s view of the uplinks; without it every uplink counts as healthy.
 */
export function planChanges(
  config: Config,
  state: HostState,
  ledger: Ledger | null,
  health?: HealthView,
): Change[] {
  const desired = desiredState(config, state, ledger, health);
  return orderChanges([
    ...planAddresses(state, desired.addresses, ledger, leasedAddresses(config)),
    ...planTableNames(desired.tableNames, ledger, state.tableNames),
    ...planSysctls(state, desired.sysctls, ledger),
    ...planRoutes(config, state, desired.routes, strangersOf(state, ledger)),
    ...planRules(config, state, desired.rules, strangersOf(state, ledger)),
    ...planNft(state, desired.nftTable),
  ]);
}

// The addresses `address: auto` took from the host, by address key.
function leasedAddresses(config: Config): Set<string> {
  const auto = new Set(
    (config.auto?.resolved ?? []).filter((r) => r.field === 'address').map((r) => r.uplink),
  );
  return new Set(
    config.uplinks
      .filter((uplink) => auto.has(uplink.name))
      .map((uplink) => addressKey(uplinkAddress(uplink))),
  );
}
