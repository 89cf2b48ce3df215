import { parseAddress } from '../../applier/model/address.js';
import { LabError } from '../errors.js';
import type { FlowSetVerdict } from '../topology/gateway-ruleset.js';

/** One element of a gateway's per-flow sets: a flow's packets, forwarded or dropped as spoofed. */
export type FlowCount = {
  readonly verdict: FlowSetVerdict;
  readonly saddr: string;
  readonly daddr: string;
  /** Client port (TCP/UDP: the packet's destination or source port) or ICMP echo id. */
  readonly ports: readonly number[];
  readonly packets: number;
};

type NftSet = {
  name?: string;
  table?: string;
  family?: string;
  elem?: { elem?: { val?: { concat?: unknown[] }; counter?: { packets?: number } } }[];
};

/**
 * Parses `nft -j list table inet lab` from one gateway into its per-flow set elements (`spoofed_*`,
 * `forwarded_*`; see gatewayRuleset). Other sets and rules are ignored.
 */
export function parseFlowCounts(nftJson: string): FlowCount[] {
  const parsed = JSON.parse(nftJson) as { nftables?: unknown };
  if (!Array.isArray(parsed.nftables))
    throw new LabError('LAB_FAILED', 'not `nft -j` output: no "nftables" array', { source: 'system' });
  const counts: FlowCount[] = [];
  for (const entry of parsed.nftables as { set?: NftSet }[]) {
    const set = entry.set;
    const verdict = /^(spoofed|forwarded)_(port|ping)[46]$/.exec(set?.name ?? '')?.[1];
    if (set?.table !== 'lab' || (verdict !== 'spoofed' && verdict !== 'forwarded')) continue;
    for (const element of set.elem ?? []) {
      const [saddr, daddr, ...ports] = element.elem?.val?.concat ?? [];
      if (typeof saddr !== 'string' || typeof daddr !== 'string') continue;
      counts.push({
        verdict,
        saddr: canonicalAddress(saddr),
        daddr: canonicalAddress(daddr),
        ports: ports.map(Number),
        packets: element.elem?.counter?.packets ?? 0,
      });
    }
  }
  return counts;
}

/** A flow's identity at the gateways: its far-end address and the client port or echo id it chose. */
export type FlowKey = { readonly peer: string; readonly tag: number };

/** Packets of one flow in a reading, forwarded and spoofed (the last port of an element is the client's). */
export function countFor(counts: readonly FlowCount[], key: FlowKey): { forwarded: number; spoofed: number } {
  let forwarded = 0;
  let spoofed = 0;
  for (const count of counts) {
    if (count.daddr !== key.peer || !matchesTag(count.ports, key.tag)) continue;
    if (count.verdict === 'spoofed') spoofed += count.packets;
    else forwarded += count.packets;
  }
  return { forwarded, spoofed };
}

// Ping elements hold [id]; port elements hold [sport, dport], and the router's reply goes to the client's port.
function matchesTag(ports: readonly number[], tag: number): boolean {
  return ports.length === 1 ? ports[0] === tag : ports[1] === tag;
}

/** The canonical text of an address (compressed IPv6), so `2001:db8:ff:0::101` equals nft's `2001:db8:ff::101`. */
export function canonicalAddress(address: string): string {
  const parsed = parseAddress(address);
  return typeof parsed === 'string' ? address : parsed.address;
}
