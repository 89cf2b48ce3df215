import type { Evidence, GatewayEvidence } from '../lab-types.js';

/**
 * Evidence over a window from per-gateway readings before and after it. A counter that went down was
 * reset (its gateway restarted meanwhile), so everything it now holds counts as new.
 */
export function evidenceBetween(
  before: readonly GatewayEvidence[],
  after: readonly GatewayEvidence[],
): Evidence {
  const gateways = after.map((end): GatewayEvidence => {
    const start = before.find((candidate) => candidate.isp === end.isp);
    return {
      isp: end.isp,
      fromRouter: Object.fromEntries(
        Object.entries(end.fromRouter).map(([address, n]) => [address, grew(start?.fromRouter[address], n)]),
      ),
      spoofedDropped: grew(start?.spoofedDropped, end.spoofedDropped),
    };
  });
  const carriedBy = gateways
    .filter((gateway) => Object.values(gateway.fromRouter).some((packets) => packets > 0))
    .map((gateway) => gateway.isp);
  return { gateways, carriedBy };
}

function grew(start: number | undefined, end: number): number {
  return end >= (start ?? 0) ? end - (start ?? 0) : end;
}
