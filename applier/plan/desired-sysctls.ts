import type { Config } from '../model/config.js';
import type { HostState, Ledger } from '../model/types.js';
import {
  interfaceSysctl,
  MULTIPATH_HASH_POLICY,
  RP_FILTER_ALL,
  rpFilterInterfaces,
} from '../state/sysctl-keys.js';

const LOOSE = '2';
const STRICT = 1;

/**
 * The sysctl values multihome holds for a config, by key. Loose mode: where an IPv4 uplink's
 * effective rp_filter (max of `all` and the interface) is strict, whichever of the two is 1 becomes
 * 2; values multihome set earlier (in the ledger) stay held while an IPv4 uplink still needs them.
 * rp_filter filters IPv4 only, so an IPv6 uplink never loosens it. With `lan`: src_valid_mark=1 on uplink interfaces
 * only. With two or more weighted uplinks of a family, its multipath hash policy is 1 (per flow).
 * Interfaces that do not exist are skipped; apply reports them.
 */
export function desiredSysctls(
  config: Config,
  state: HostState,
  ledger: Ledger | null,
): Record<string, string> {
  const want: Record<string, string> = {};
  const held = ledger?.sysctlOriginals ?? {};
  // An interface counts only if the read of the links found it: the sysctl read comes a moment
  // later and may see a link that came meanwhile, whose uplink still waits (and which may go again).
  const present = new Set(state.interfaces);
  const interfaces = [...new Set(config.uplinks.map((uplink) => uplink.interface))].filter((name) =>
    present.has(name),
  );
  for (const name of rpFilterInterfaces(config).filter((name) => present.has(name))) {
    const own = interfaceSysctl(name, 'rp_filter');
    if (config.rpFilter !== 'loose' || state.sysctls[own] === undefined) continue;
    for (const key of [RP_FILTER_ALL, own]) if (key in held) want[key] = LOOSE;
    const all = numeric(want[RP_FILTER_ALL] ?? state.sysctls[RP_FILTER_ALL]);
    const mine = numeric(want[own] ?? state.sysctls[own]);
    if (Math.max(all, mine) !== STRICT) continue;
    if (all === STRICT) want[RP_FILTER_ALL] = LOOSE;
    if (mine === STRICT) want[own] = LOOSE;
  }
  if (config.lan.length > 0) {
    for (const name of interfaces) {
      const key = interfaceSysctl(name, 'src_valid_mark');
      if (state.sysctls[key] !== undefined) want[key] = '1';
    }
  }
  // Balancing is per connection: the 5-tuple hash spreads connections between the same two hosts.
  for (const family of [4, 6] as const) {
    const key = MULTIPATH_HASH_POLICY[family];
    const weighted = config.uplinks.filter(
      (uplink) => uplink.family === family && uplink.weight !== undefined,
    );
    if (weighted.length >= 2 && state.sysctls[key] !== undefined) want[key] = '1';
  }
  return want;
}

function numeric(value: string | undefined): number {
  return Number(value ?? 0) || 0;
}
