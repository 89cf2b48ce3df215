import type { HostState, Ledger } from '../model/types.js';

/**
 * The ledger without the addresses multihome added to interfaces the host no longer has: they went
 * with the link. A link of that name that comes back (a PPP session, a replugged modem) is another
 * one, and the address it brings is its manager's: remembered, a config that no longer names that
 * link would delete it, and `remove` would.
 */
export function forgetGoneAddresses(ledger: Ledger, state: HostState): Ledger {
  const present = new Set(state.interfaces);
  const addedAddresses = ledger.addedAddresses.filter((address) => present.has(address.interface));
  return addedAddresses.length === ledger.addedAddresses.length ? ledger : { ...ledger, addedAddresses };
}
