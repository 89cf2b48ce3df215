import { addressKey } from '../model/identity.js';
import type { Address, Change, HostState, Ledger } from '../model/types.js';

/**
 * Address changes: add what is missing; delete only addresses multihome added and no longer wants.
 * `leased` are the addresses `address: auto` resolved to: the DHCP client's (or RA's, PPP's), never
 * added back when they are gone, since a stale resolution would re-add a released lease as multihome's.
 */
export function planAddresses(
  state: HostState,
  desired: readonly Address[],
  ledger: Ledger | null,
  leased: ReadonlySet<string> = new Set(),
): Change[] {
  const present = new Set(state.addresses.map(addressKey));
  const wanted = new Set(desired.map(addressKey));
  const changes: Change[] = [];
  for (const address of desired) {
    if (present.has(addressKey(address)) || leased.has(addressKey(address))) continue;
    changes.push({
      action: 'add',
      kind: 'address',
      family: address.family,
      object: address,
      reason: `${address.interface} does not have ${address.address}/${address.prefixLength}`,
    });
  }
  for (const address of ledger?.addedAddresses ?? []) {
    if (wanted.has(addressKey(address)) || !present.has(addressKey(address))) continue;
    changes.push({
      action: 'delete',
      kind: 'address',
      family: address.family,
      object: address,
      reason: `multihome added ${address.address} to ${address.interface} and no uplink uses it any more`,
    });
  }
  return changes;
}
