import type { Lan, LanHost, Topology } from './types.js';

/** A LAN host with the LAN it lives on and where both sit in the topology (for issue paths). */
export type LanHostEntry = {
  readonly lan: Lan;
  readonly lanIndex: number;
  readonly host: LanHost;
  readonly hostIndex: number;
};

/** The router's LANs, in order: the one `lan:`, or every entry of `lans:`. */
export function lansOf(topology: Topology): readonly Lan[] {
  if (topology.lans) return topology.lans;
  return topology.lan ? [topology.lan] : [];
}

/** Where the n-th LAN sits in the topology: `lan` (one LAN) or `lans[n]`. */
export function lanPath(topology: Topology, index: number): (string | number)[] {
  return topology.lans ? ['lans', index] : ['lan'];
}

/** Every LAN host of every LAN, in order. */
export function lanHostsOf(topology: Topology): LanHostEntry[] {
  return lansOf(topology).flatMap((lan, lanIndex) =>
    lan.hosts.map((host, hostIndex) => ({ lan, lanIndex, host, hostIndex })),
  );
}
