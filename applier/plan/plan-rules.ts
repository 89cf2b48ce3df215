import type { Config } from '../model/config.js';
import { ruleKey } from '../model/identity.js';
import type { Change, HostState, Rule } from '../model/types.js';
import { isOurs, type Strangers } from './strangers.js';

/** Rule changes: rules have no replace, so a rule whose content differs is one add plus one delete. */
export function planRules(
  config: Config,
  state: HostState,
  desired: readonly Rule[],
  strangers: Strangers = { routes: [], rules: [] },
): Change[] {
  const owned = new Set(state.ownedRules.map(ruleKey));
  const wanted = new Set(desired.map(ruleKey));
  const changes: Change[] = [];
  for (const rule of desired) {
    if (owned.has(ruleKey(rule))) continue;
    changes.push({
      action: 'add',
      kind: 'rule',
      family: rule.family,
      object: rule,
      reason: whyAdd(config, rule),
    });
  }
  for (const rule of state.ownedRules) {
    if (wanted.has(ruleKey(rule)) || !isOurs(strangers, rule)) continue;
    changes.push({
      action: 'delete',
      kind: 'rule',
      family: rule.family,
      object: rule,
      reason: `the rule at pref ${rule.priority} is multihome's but the config does not want it as it is`,
    });
  }
  return changes;
}

function whyAdd(config: Config, rule: Rule): string {
  const owner = config.uplinks.find((uplink) => uplink.table === rule.table)?.name ?? `table ${rule.table}`;
  if (rule.fwmark !== undefined) {
    return `forwarded replies marked for ${owner} have no rule sending them to table ${rule.table}`;
  }
  return `traffic from ${rule.from ?? 'its address'} has no rule sending it to ${owner}'s table ${rule.table}`;
}
