import { stringify } from 'yaml';
import { familyOf, withPrefixOf } from '../../applier/model/address.js';
import { lansOf } from './lans.js';
import type { Isp, Topology } from './types.js';

/** Which part of a topology the applier config covers. */
export type ApplierConfigOptions = {
  /** Families to make uplinks for (default both). */
  readonly families?: readonly (4 | 6)[];
  /** Include `lan: [<each router LAN interface>]` (default: when the topology has a LAN). */
  readonly lan?: boolean;
};

/** Applier uplink name: the ISP's name for IPv4, `<name>-v6` for IPv6 (one uplink is one family). */
export function uplinkName(isp: string, family: 4 | 6): string {
  return family === 4 ? isp : `${isp}-v6`;
}

/** The multihome YAML config that fixes the topology's router, as the scenarios feed it to the applier. */
export function applierConfigFor(topology: Topology, options: ApplierConfigOptions = {}): string {
  const families = options.families ?? [4, 6];
  const uplinks = topology.isps.flatMap((isp) =>
    families.flatMap((family) => {
      const uplink = uplinkOf(isp, family);
      return uplink ? [uplink] : [];
    }),
  );
  const defaults = families.flatMap((family) => {
    const preferred = topology.isps.find((isp) => isp.name === topology.defaultIsp);
    const isp = [...(preferred ? [preferred] : []), ...topology.isps].find((i) => uplinkOf(i, family));
    return isp ? [uplinkName(isp.name, family)] : [];
  });
  const lans = lansOf(topology).map((lan) => lan.routerInterface);
  const withLan = (options.lan ?? true) && lans.length > 0;
  const config = {
    uplinks,
    default: defaults.length === 1 ? defaults[0] : defaults,
    ...(withLan ? { lan: lans } : {}),
  };
  return stringify(config);
}

function uplinkOf(isp: Isp, family: 4 | 6) {
  const address = isp.routerAddresses.find((a) => familyOf(a) === family);
  const prefix = isp.prefixes.find((p) => familyOf(p) === family);
  const gateway = isp.gateways.find((g) => familyOf(g) === family);
  if (!address || !prefix || !gateway) return undefined;
  return {
    name: uplinkName(isp.name, family),
    interface: isp.routerInterface,
    ...(family === 4 && isp.routerLabel ? { label: isp.routerLabel } : {}),
    address: withPrefixOf(address, prefix),
    gateway,
  };
}
