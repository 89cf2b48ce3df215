import type { Config, Family } from '../model/config.js';
import type { Route } from '../model/types.js';
import { type HealthView, mainDefaultUplinks } from '../plan/failover-order.js';
import type { CommandRunner } from '../runner/command-runner.js';
import { watchRunning } from './instance-lock.js';
import { readWatchState, type WatchState } from './watch-state.js';

/** What `status` says about watch: whether one runs now, and what the last one stored. */
export type WatchReport = { readonly running: boolean } & Omit<WatchState, 'version'>;

/** The watch part of `status`, or null when no watch ever ran in this namespace (since boot). */
export async function readWatchReport(runner: CommandRunner, nsid: string): Promise<WatchReport | null> {
  const [running, state] = await Promise.all([watchRunning(runner, nsid), readWatchState(runner, nsid)]);
  if (state === null) return null;
  const { version: _version, ...rest } = state;
  return { running, ...rest };
}

/** The health a running watch acts on, for the planner; empty (all healthy) when none runs. */
export function healthOf(report: WatchReport | null): HealthView {
  if (report === null || !report.running) return {};
  return Object.fromEntries(
    Object.entries(report.health).map(([name, value]) => [name, value.state === 'up']),
  );
}

/** `via GATEWAY dev DEV` for each next hop of a main default route. */
export function hopsOf(route: Route): string[] {
  const hops =
    route.nexthops ?? (route.gateway === undefined ? [] : [{ gateway: route.gateway, dev: route.dev }]);
  return hops.map((hop) => `via ${hop.gateway} dev ${hop.dev}`).sort();
}

/** One family's main default compared with what the health state wants. */
export type MainDefaultCheck = {
  readonly family: Family;
  readonly ok: boolean;
  readonly expected: readonly string[];
  readonly actual: readonly string[];
};

/**
 * `verify` with a watch running: the main default of each family must go via exactly the uplinks
 * health and failover order choose (every healthy weighted one when balancing).
 */
export function checkMainDefaults(
  config: Config,
  mainDefaults: readonly Route[],
  health: HealthView,
): MainDefaultCheck[] {
  return ([4, 6] as const).flatMap((family) => {
    const carriers = mainDefaultUplinks(config, family, health);
    if (carriers.length === 0) return [];
    const expected = carriers.map((uplink) => `via ${uplink.gateway} dev ${uplink.interface}`).sort();
    const present = mainDefaults
      .filter((route) => route.family === family)
      .sort((a, b) => (a.metric ?? 0) - (b.metric ?? 0))[0];
    const actual = present === undefined ? [] : hopsOf(present);
    return [{ family, ok: expected.join() === actual.join(), expected, actual }];
  });
}
