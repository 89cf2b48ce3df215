import { routeKey, ruleKey } from '../model/identity.js';
import type { HostState, Ledger, Route, Rule } from '../model/types.js';

/**
 * Objects tagged with multihome's protocol that the ledger does not list: other software may use 77
 * too. With a ledger, they are reported (status) and never deleted or replaced; without one (a lost
 * ledger), the tag is all there is to go by, as before.
 */
export type Strangers = { readonly routes: readonly Route[]; readonly rules: readonly Rule[] };

/** The tagged routes and rules of `state` that `ledger` does not list (none without a ledger). */
export function strangersOf(state: HostState, ledger: Ledger | null): Strangers {
  if (ledger === null) return { routes: [], rules: [] };
  const routes = new Set(ledger.routes.map(routeKey));
  const rules = new Set(ledger.rules.map(ruleKey));
  return {
    routes: state.ownedRoutes.filter((route) => !routes.has(routeKey(route))),
    rules: state.ownedRules.filter((rule) => !rules.has(ruleKey(rule))),
  };
}

/** Whether a tagged route or rule may be deleted: the ledger lists it, or there is no ledger. */
export function isOurs(strangers: Strangers, object: Route | Rule): boolean {
  return (
    !(strangers.routes as readonly (Route | Rule)[]).includes(object) &&
    !(strangers.rules as readonly (Route | Rule)[]).includes(object)
  );
}
