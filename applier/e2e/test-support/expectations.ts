import { expect } from 'vitest';
import type { NetnsWorld } from '../netns-world.js';
import { describeObservation, observe } from '../observe.js';
import type { ProbeKind } from '../probes.js';
import type { RouterAddress } from '../world/layout.js';

/** The exchange completes, its reply is carried by the uplink's own gateway, and nobody drops a spoofed packet. */
export async function expectAnsweredViaOwnGateway(world: NetnsWorld, kind: ProbeKind, target: RouterAddress) {
  const seen = await observe(world, kind, target);
  expect(seen.ok, describeObservation(seen)).toBe(true);
  expect(seen.carriedBy, describeObservation(seen)).toEqual([target.isp]);
  expect(seen.spoofed, describeObservation(seen)).toEqual({ isp1: 0, isp2: 0, isp3: 0 });
}

/** The exchange fails because its reply went to `wrong`'s gateway, which dropped it as spoofed (BCP38). */
export async function expectDroppedAsSpoofedAt(
  world: NetnsWorld,
  kind: ProbeKind,
  target: RouterAddress,
  wrong: RouterAddress['isp'],
) {
  const seen = await observe(world, kind, target);
  expect(seen.ok, describeObservation(seen)).toBe(false);
  expect(seen.carriedBy, describeObservation(seen)).toEqual([wrong]);
  // A gateway admits only its own prefixes, so every packet it saw from a foreign uplink's address was dropped.
  expect(seen.delta[wrong].from[target.name], describeObservation(seen)).toBeGreaterThan(0);
  expect(seen.spoofed[wrong], describeObservation(seen)).toBeGreaterThanOrEqual(
    seen.delta[wrong].from[target.name] ?? 0,
  );
}

/** The exchange fails and no gateway saw a reply at all (the router dropped the request). */
export async function expectNoReply(world: NetnsWorld, kind: ProbeKind, target: RouterAddress) {
  const seen = await observe(world, kind, target);
  expect(seen.ok, describeObservation(seen)).toBe(false);
  expect(seen.carriedBy, describeObservation(seen)).toEqual([]);
}
