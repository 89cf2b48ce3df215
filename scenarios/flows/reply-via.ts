import type { Evidence } from '../../lab/index.js';

/**
 * Names the gateway the router's reply reached in one window: forwarded there or dropped there as
 * spoofed (BCP38). Several gateways join with `+` so they never equal a single uplink name.
 */
export function replyVia(evidence: Evidence): string | null {
  const reached = evidence.gateways
    .filter((g) => packets(g.fromRouter) > 0 || g.spoofedDropped > 0)
    .map((g) => g.isp);
  for (const isp of evidence.carriedBy) if (!reached.includes(isp)) reached.push(isp);
  return reached.length === 0 ? null : reached.sort().join('+');
}

/** `isp1:2 isp2:0 (1 dropped)` for the failure table. */
export function describeGateways(evidence: Evidence): string {
  return evidence.gateways
    .map(
      (g) =>
        `${g.isp}:${packets(g.fromRouter)}${g.spoofedDropped > 0 ? `(${g.spoofedDropped} dropped)` : ''}`,
    )
    .join(' ');
}

function packets(bySource: Readonly<Record<string, number>>): number {
  return Object.values(bySource).reduce((sum, n) => sum + n, 0);
}
