import { LabError } from '../errors.js';
import type { GatewayEvidence } from '../lab-types.js';
import { fromCounterName, routerUplinkAddresses, SPOOFED_COUNTER } from './gateway-ruleset.js';
import { ispNode } from './node-names.js';
import type { NodeName, Topology } from './types.js';

/** Which named counters of which gateway node to read, and what they mean. */
export type GatewayCounters = {
  readonly isp: string;
  readonly node: NodeName;
  /** Router address → counter name (`from_198_51_100_10`). */
  readonly fromRouter: Readonly<Record<string, string>>;
  readonly spoofed: string;
};

/** The counters every gateway keeps in `table inet lab`: read with `nft -j list counters table inet lab`. */
export function evidenceCounterNames(topology: Topology): GatewayCounters[] {
  const fromRouter = Object.fromEntries(routerUplinkAddresses(topology).map((a) => [a, fromCounterName(a)]));
  return topology.isps.map((isp) => ({
    isp: isp.name,
    node: ispNode(isp.name),
    fromRouter,
    spoofed: SPOOFED_COUNTER,
  }));
}

type NftCounter = { family?: string; table?: string; name?: string; packets?: number };

/** Parses `nft -j list counters table inet lab` output into one gateway's packet counts (missing → 0). */
export function parseCounters(nftJson: string, counters: GatewayCounters): GatewayEvidence {
  const parsed = JSON.parse(nftJson) as { nftables?: unknown };
  if (!Array.isArray(parsed.nftables))
    throw new LabError('LAB_FAILED', 'not `nft -j` output: no "nftables" array', { source: 'system' });
  const packets = new Map<string, number>();
  for (const entry of parsed.nftables as { counter?: NftCounter }[]) {
    const counter = entry.counter;
    if (counter?.table === 'lab' && counter.family === 'inet' && counter.name !== undefined)
      packets.set(counter.name, counter.packets ?? 0);
  }
  const fromRouter = Object.fromEntries(
    Object.entries(counters.fromRouter).map(([address, name]) => [address, packets.get(name) ?? 0]),
  );
  return { isp: counters.isp, fromRouter, spoofedDropped: packets.get(counters.spoofed) ?? 0 };
}

/** Counts that happened between two readings of the same gateway. */
export function evidenceDelta(before: GatewayEvidence, after: GatewayEvidence): GatewayEvidence {
  const fromRouter = Object.fromEntries(
    Object.entries(after.fromRouter).map(([address, n]) => [address, n - (before.fromRouter[address] ?? 0)]),
  );
  return { isp: after.isp, fromRouter, spoofedDropped: after.spoofedDropped - before.spoofedDropped };
}
