import { GATEWAYS, type Gateway } from './layout.js';

/** What one ISP gateway counted on its customer interface. */
export type GatewayCounters = {
  /** Packets with an in-prefix source, forwarded to the internet. */
  readonly forwarded: number;
  /** Packets with a foreign source, dropped (BCP38). */
  readonly spoofed: number;
  /** Packets per router address name (`isp1`, `isp2v6`, …), forwarded or dropped. */
  readonly from: Readonly<Record<string, number>>;
};

/** Counters of every ISP gateway. */
export type WorldCounters = Readonly<Record<Gateway, GatewayCounters>>;

type NftCounter = { counter?: { name: string; packets: number } };

/** Parses `nft -j list counters table inet bcp38` into one gateway's counters. */
export function parseGatewayCounters(json: string): GatewayCounters {
  const entries = (JSON.parse(json) as { nftables: NftCounter[] }).nftables.flatMap((item) =>
    item.counter ? [item.counter] : [],
  );
  const from: Record<string, number> = {};
  let forwarded = 0;
  let spoofed = 0;
  for (const { name, packets } of entries) {
    if (name === 'forwarded') forwarded = packets;
    else if (name === 'spoofed') spoofed = packets;
    else if (name.startsWith('from_')) from[name.slice('from_'.length)] = packets;
  }
  return { forwarded, spoofed, from };
}

/** The difference `after - before`, per gateway and counter. */
export function counterDelta(before: WorldCounters, after: WorldCounters): WorldCounters {
  const delta = (isp: Gateway): GatewayCounters => {
    const a = after[isp];
    const b = before[isp];
    const from = Object.fromEntries(Object.entries(a.from).map(([k, v]) => [k, v - (b.from[k] ?? 0)]));
    return { forwarded: a.forwarded - b.forwarded, spoofed: a.spoofed - b.spoofed, from };
  };
  return Object.fromEntries(GATEWAYS.map((isp) => [isp, delta(isp)])) as Record<Gateway, GatewayCounters>;
}

/** The gateways whose customer interface saw at least one packet from the named router address. */
export function carriers(counters: WorldCounters, addressName: string): Gateway[] {
  return GATEWAYS.filter((isp) => (counters[isp].from[addressName] ?? 0) > 0);
}
