import { addressKey, routeKey, ruleKey } from '../model/identity.js';
import type { Ledger } from '../model/types.js';

/**
 * The ledger that owns everything either side of an unfinished run may have made: what the host
 * owned before it (`previous`) and what it would have owned after (`next`). When that run cannot
 * be undone (the world moved under it: a link flapped and took its routes' addresses), the next
 * run takes this as the truth instead of refusing forever, so `apply` converges the host from it
 * and `remove` takes all of it away. Originals recorded first win: they are the host's own values.
 * Null only when neither side owned anything (a remove of nothing).
 */
export function adoptLedger(previous: Ledger | null, next: Ledger | null): Ledger | null {
  if (previous === null || next === null) return next ?? previous;
  const union = <T>(key: (item: T) => string, a: readonly T[], b: readonly T[]): T[] => [
    ...new Map([...a, ...b].map((item) => [key(item), item] as [string, T])).values(),
  ];
  const waitingMarks = next.waitingMarks ?? previous.waitingMarks;
  return {
    version: 2,
    config: next.config,
    addedAddresses: union(addressKey, previous.addedAddresses, next.addedAddresses),
    sysctlOriginals: { ...next.sysctlOriginals, ...previous.sysctlOriginals },
    sysctlValues: { ...previous.sysctlValues, ...next.sysctlValues },
    displacedDefaults: union(routeKey, next.displacedDefaults, previous.displacedDefaults),
    routes: union(routeKey, previous.routes, next.routes),
    rules: union(ruleKey, previous.rules, next.rules),
    retiredMarks: [...new Set([...previous.retiredMarks, ...next.retiredMarks])].sort((a, b) => a - b),
    ...(waitingMarks === undefined ? {} : { waitingMarks }),
  };
}
