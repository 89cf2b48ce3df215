import type { Config } from '../model/config.js';
import type { HostState } from '../model/types.js';
import { sysctlKeysFor } from '../state/sysctl-keys.js';

/**
 * The host an export is made for: just booted, its uplink interfaces up and nothing of multihome's
 * on it, no main default route yet, and rp_filter strict (1) wherever multihome may loosen it (the
 * case where apply changes the most; src_valid_mark starts at the kernel's 0). An export is a file
 * for another machine's boot, so it cannot read that machine; this is the one assumption it makes.
 */
export function bootHostState(config: Config): HostState {
  const interfaces = [...new Set([...config.uplinks.map((uplink) => uplink.interface), ...config.lan])];
  const sysctls = Object.fromEntries(
    sysctlKeysFor(config).map((key) => [key, key.endsWith('.src_valid_mark') ? '0' : '1']),
  );
  return {
    ownedRoutes: [],
    mainDefaults: [],
    ownedRules: [],
    foreignTables: [],
    addresses: [],
    interfaces,
    nftTable: null,
    sysctls,
  };
}
