import type { NetnsWorld } from './netns-world.js';
import { type ProbeKind, type ProbeResult, probe } from './probes.js';
import { carriers, counterDelta, type WorldCounters } from './world/counters.js';
import type { Gateway, RouterAddress } from './world/layout.js';

/** One exchange seen twice: at the client (did it complete) and at the gateways (who carried the reply). */
export type Observation = ProbeResult & {
  readonly kind: ProbeKind;
  readonly target: string;
  /** Counter changes during the exchange. */
  readonly delta: WorldCounters;
  /** Gateways that saw packets from the target address on their customer side. */
  readonly carriedBy: readonly Gateway[];
  /** Spoofed drops per gateway during the exchange. */
  readonly spoofed: Readonly<Record<Gateway, number>>;
};

/** Runs one probe and reads the gateways' counters around it. */
export async function observe(
  world: NetnsWorld,
  kind: ProbeKind,
  target: RouterAddress,
): Promise<Observation> {
  const before = await world.counters();
  const result = await probe(world, kind, target);
  const delta = counterDelta(before, await world.counters());
  return {
    ...result,
    kind,
    target: target.name,
    delta,
    carriedBy: carriers(delta, target.name),
    spoofed: { isp1: delta.isp1.spoofed, isp2: delta.isp2.spoofed, isp3: delta.isp3.spoofed },
  };
}

/** A one-line summary that makes a failed expectation readable. */
export function describeObservation(seen: Observation): string {
  const spoofed = Object.entries(seen.spoofed)
    .map(([isp, n]) => `${isp}=${n}`)
    .join(' ');
  return `${seen.kind} → ${seen.target}: ok=${seen.ok} carriedBy=[${seen.carriedBy.join(',')}] spoofed{${spoofed}} (${seen.detail})`;
}
