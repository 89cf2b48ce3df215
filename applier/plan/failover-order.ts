import type { Config, Family, Uplink } from '../model/config.js';

/** Health as `watch` sees it: uplink name → healthy. An uplink not listed (or unchecked) is healthy. */
export type HealthView = Readonly<Record<string, boolean>>;

/**
 * The uplinks of one family in preference order for the main default: `failover` as written, or
 * without it the `defaults` uplink first and then file order (none when the family has no default).
 */
export function failoverOrder(config: Config, family: Family): Uplink[] {
  const ofFamily = config.uplinks.filter((uplink) => uplink.family === family);
  const first = config.defaults[family];
  const names =
    config.failover ?? (first === undefined ? [] : [first, ...ofFamily.map((uplink) => uplink.name)]);
  // A map and a set, not a search of each list per name: every plan and repair orders all uplinks.
  const byName = new Map(ofFamily.map((uplink) => [uplink.name, uplink]));
  const ordered = new Set<Uplink>();
  for (const name of names) {
    const uplink = byName.get(name);
    if (uplink !== undefined) ordered.add(uplink);
  }
  return [...ordered];
}

/**
 * The uplinks that carry the main default of a family: every healthy weighted one when there are
 * two or more (a multipath route), otherwise the first healthy one in failover order. When none is
 * healthy the first in order keeps it: a dead default beats no default while the others recover.
 */
export function mainDefaultUplinks(config: Config, family: Family, health: HealthView = {}): Uplink[] {
  const ordered = failoverOrder(config, family);
  const healthy = ordered.filter((uplink) => health[uplink.name] !== false);
  const weighted = healthy.filter((uplink) => uplink.weight !== undefined);
  if (weighted.length >= 2) return weighted;
  const first = healthy[0] ?? ordered[0];
  return first === undefined ? [] : [first];
}
