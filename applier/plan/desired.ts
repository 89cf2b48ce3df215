import type { Config, Uplink } from '../model/config.js';
import { MULTIHOME_PROTOCOL, TABLE_NAME_PREFIX } from '../model/constants.js';
import type {
  Address,
  HostState,
  Ledger,
  NftTable,
  Route,
  RouteChange,
  Rule,
  TableName,
} from '../model/types.js';
import { desiredSysctls } from './desired-sysctls.js';
import type { HealthView } from './failover-order.js';
import { desiredMainDefault } from './main-default.js';
import { nftTableFor } from './nftables.js';

/** Everything multihome wants to exist for a config, given what the host has (for main defaults and sysctls). */
export type DesiredState = {
  readonly addresses: readonly Address[];
  /** Per-uplink table routes plus, per family, the main default to add, keep or replace. */
  readonly routes: readonly RouteChange[];
  readonly rules: readonly Rule[];
  /** Sysctl values to hold, by key. */
  readonly sysctls: Readonly<Record<string, string>>;
  readonly tableNames: readonly TableName[];
  readonly nftTable: NftTable | null;
};

/**
 * What the host should have for `config`; pure, and the single source the planner diffs against.
 * `health` (from `watch`) moves the main default off unhealthy uplinks.
 */
export function desiredState(
  config: Config,
  state: HostState,
  ledger: Ledger | null,
  health?: HealthView,
): DesiredState {
  // A link set down (ifdown, a modem unplugged) lost its routes and the kernel refuses new ones:
  // its uplinks' routes wait for it to come up, and the main default goes via the others. A link
  // that is gone (a PPP session ended, a USB modem pulled) took its address too: that waits as well.
  // Their rules stay; they send nothing anywhere while the address is gone.
  const absent = new Set(absentUplinks(config, state));
  const down = new Set(state.downInterfaces ?? []);
  const routed = {
    ...config,
    uplinks: config.uplinks.filter((uplink) => !absent.has(uplink) && !down.has(uplink.interface)),
  };
  const mainDefaults = ([4, 6] as const).flatMap((family) => {
    if (allDown(config, routed, family)) return [];
    const route = desiredMainDefault(routed, state, ledger, family, health);
    return route === null ? [] : [route];
  });
  return {
    addresses: config.uplinks.filter((uplink) => !absent.has(uplink)).map(uplinkAddress),
    routes: [...routed.uplinks.flatMap(tableRoutes), ...mainDefaults],
    rules: config.uplinks.flatMap((uplink) => uplinkRules(uplink, config)),
    sysctls: desiredSysctls(config, state, ledger),
    tableNames: config.uplinks.map((uplink) => ({
      table: uplink.table,
      name: `${TABLE_NAME_PREFIX}${uplink.name}`,
    })),
    nftTable: nftTableFor(config),
  };
}

/** The uplinks whose interface the host does not have: their address and routes wait for it. */
export function absentUplinks(config: Config, state: HostState): Uplink[] {
  const present = new Set(state.interfaces);
  return config.uplinks.filter((uplink) => !present.has(uplink.interface));
}

// Every uplink of the family is on a link set down or gone: no default can go via them, and none is restored.
function allDown(config: Config, routed: Config, family: 4 | 6): boolean {
  const ofFamily = (uplinks: readonly Uplink[]) => uplinks.some((uplink) => uplink.family === family);
  return ofFamily(config.uplinks) && !ofFamily(routed.uplinks);
}

/** The address an uplink needs on its interface (IPv4 aliases keep their label). */
export function uplinkAddress(uplink: Uplink): Address {
  return {
    family: uplink.family,
    interface: uplink.interface,
    address: uplink.address,
    prefixLength: uplink.prefixLength,
    ...(uplink.label !== undefined && uplink.family === 4 ? { label: uplink.label } : {}),
  };
}

// The uplink's own table: its connected network (with src) and its default route, always with dev.
function tableRoutes(uplink: Uplink): Route[] {
  const base = { family: uplink.family, table: uplink.table, dev: uplink.interface };
  return [
    { ...base, dst: uplink.network, src: uplink.address, protocol: MULTIHOME_PROTOCOL },
    {
      ...base,
      dst: 'default',
      gateway: uplink.gateway,
      protocol: MULTIHOME_PROTOCOL,
      ...(uplink.onlink ? { onlink: true } : {}),
    },
  ];
}

function uplinkRules(uplink: Uplink, config: Config): Rule[] {
  const base = { family: uplink.family, table: uplink.table, protocol: MULTIHOME_PROTOCOL };
  const rules: Rule[] = [{ ...base, priority: uplink.priority, from: uplink.address }];
  if (config.lan.length > 0) {
    rules.push({ ...base, priority: uplink.markPriority, fwmark: uplink.mark, fwmask: config.markMask });
  }
  return rules;
}
