import { familyOf, ofFamily, sanitiseAddress } from '../../applier/model/address.js';
import type { Isp, Topology } from './types.js';

/** Name of the BCP38 drop counter in every gateway's `inet lab` table. */
export const SPOOFED_COUNTER = 'spoofed';

/** The gateway's customer-side interface name inside its container. */
export const GATEWAY_CUSTOMER_IF = 'wan';

/** The gateway's internet-side interface name inside its container. */
export const GATEWAY_INTERNET_IF = 'inet';

/** Counter name for packets from one router address: `from_198_51_100_10`. */
export function fromCounterName(address: string): string {
  return `from_${sanitiseAddress(address)}`;
}

/** Every router uplink address of a topology, in ISP order. */
export function routerUplinkAddresses(topology: Topology): string[] {
  return topology.isps.flatMap((isp) => isp.routerAddresses);
}

/** The verdict half of a per-flow set's name: dropped by BCP38, or forwarded. */
export type FlowSetVerdict = 'spoofed' | 'forwarded';

/**
 * Per-flow evidence sets: `<verdict>_port<4|6>` keyed `saddr . daddr . sport . dport` (TCP, UDP) and
 * `<verdict>_ping<4|6>` keyed `saddr . daddr . id` (ICMP echo), each element with its own counter. A flow
 * picks its own client port or echo id, so parallel flows never share an element.
 */
export function flowSetName(verdict: FlowSetVerdict, kind: 'port' | 'ping', family: 4 | 6): string {
  return `${verdict}_${kind}${family}`;
}

/**
 * The gateway's `table inet lab`: BCP38 drops (counted as `spoofed`, and per flow in the `spoofed_*`
 * sets) come first, so the per-address counters and `forwarded_*` sets count only what the gateway
 * really forwarded from its customer side.
 */
export function gatewayRuleset(topology: Topology, isp: Isp): string {
  const addresses = routerUplinkAddresses(topology);
  const counters = [SPOOFED_COUNTER, ...addresses.map(fromCounterName)];
  const from = `iifname "${GATEWAY_CUSTOMER_IF}"`;
  const rules = [
    ...(isp.bcp38 ? bcp38Rules(isp, from) : []),
    ...([4, 6] as const).flatMap((family) => flowSetRules('forwarded', family, from)),
    ...addresses.map((address) => {
      const match = familyOf(address) === 6 ? 'ip6 saddr' : 'ip saddr';
      return `${from} ${match} ${address} counter name "${fromCounterName(address)}"`;
    }),
  ];
  return [
    // Declare then delete, so loading the ruleset again replaces the table instead of failing.
    'table inet lab',
    'delete table inet lab',
    'table inet lab {',
    ...counters.map((name) => `\tcounter ${name} {\n\t}`),
    ...flowSets(),
    '\tchain forward {',
    '\t\ttype filter hook forward priority filter; policy accept;',
    ...rules.map((rule) => `\t\t${rule}`),
    '\t}',
    '}',
    '',
  ].join('\n');
}

function bcp38Rules(isp: Isp, from: string): string[] {
  return ([4, 6] as const).flatMap((family) => {
    const proto = family === 4 ? 'ipv4' : 'ipv6';
    const prefix = ofFamily(isp.prefixes, family);
    const saddr = family === 4 ? 'ip saddr' : 'ip6 saddr';
    const match = prefix ? ` ${saddr} != ${prefix}` : '';
    return [
      ...flowSetRules('spoofed', family, `${from} meta nfproto ${proto}${match}`),
      `${from} meta nfproto ${proto}${match} counter name "${SPOOFED_COUNTER}" drop`,
    ];
  });
}

// Elements expire after 10 minutes so a long-lived lab's sets stay small; readers compare deltas.
function flowSets(): string[] {
  return (['spoofed', 'forwarded'] as const).flatMap((verdict) =>
    ([4, 6] as const).flatMap((family) => {
      const ip = family === 4 ? 'ip' : 'ip6';
      const icmp = family === 4 ? 'icmp' : 'icmpv6';
      return [
        [flowSetName(verdict, 'port', family), `${ip} saddr . ${ip} daddr . th sport . th dport`],
        [flowSetName(verdict, 'ping', family), `${ip} saddr . ${ip} daddr . ${icmp} id`],
      ].map(
        ([name, key]) =>
          `\tset ${name} {\n\t\ttypeof ${key}\n\t\tflags dynamic,timeout\n\t\ttimeout 10m\n\t\tcounter\n\t}`,
      );
    }),
  );
}

function flowSetRules(verdict: FlowSetVerdict, family: 4 | 6, match: string): string[] {
  const ip = family === 4 ? 'ip' : 'ip6';
  const icmp = family === 4 ? 'icmp' : 'icmpv6';
  return [
    `${match} meta l4proto { tcp, udp } update @${flowSetName(verdict, 'port', family)} { ${ip} saddr . ${ip} daddr . th sport . th dport }`,
    `${match} ${icmp} type { echo-request, echo-reply } update @${flowSetName(verdict, 'ping', family)} { ${ip} saddr . ${ip} daddr . ${icmp} id }`,
  ];
}
