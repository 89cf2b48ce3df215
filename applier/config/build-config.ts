import { resolve } from 'node:path';
import type { Config, Family, Uplink } from '../model/config.js';
import { parseAddress } from './address.js';
import type { ConfigView } from './config-view.js';
import { uplinkPriorities } from './priorities.js';

/** Default probe targets: well-known anycast resolvers; `verify` only asks the kernel how it would route them. */
export const DEFAULT_PROBE: Readonly<Record<Family, string>> = { 4: '1.1.1.1', 6: '2606:4700:4700::1111' };

/** Assembles the resolved Config from a view that passed every check. */
export function buildConfig(
  file: string,
  view: ConfigView,
  tables: ReadonlyMap<number, number>,
  defaults: Partial<Record<Family, string>>,
  marks: ReadonlyMap<number, number>,
): Config {
  const uplinks = view.uplinks.map(({ index, file: raw, cidr, gateway }): Uplink => {
    return {
      name: raw.name,
      interface: raw.interface,
      ...(raw.label === undefined ? {} : { label: raw.label }),
      family: cidr.family,
      address: cidr.address,
      prefixLength: cidr.prefixLength,
      network: cidr.network,
      gateway: gateway.address,
      onlink: raw.onlink ?? false,
      table: tables.get(index) ?? 0,
      ...uplinkPriorities(raw, index),
      // Stable across runs (assignMarks); 0 only without `lan`, when marks are never used.
      mark: marks.get(index) ?? 0,
    };
  });
  return {
    file: resolve(file),
    uplinks,
    defaults,
    lan: view.lan,
    markMask: view.markMask,
    probe: {
      4: normalised(view.probe.ipv4) ?? DEFAULT_PROBE[4],
      6: normalised(view.probe.ipv6) ?? DEFAULT_PROBE[6],
    },
    rpFilter: view.rpFilter,
  };
}

function normalised(address: string | undefined): string | undefined {
  if (address === undefined) return undefined;
  const parsed = parseAddress(address);
  return typeof parsed === 'string' ? undefined : parsed.address;
}
