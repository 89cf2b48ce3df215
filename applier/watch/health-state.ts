import type { HealthCheck } from '../model/config.js';

/** `up` carries traffic; `down` failed `down` rounds in a row on every target. */
export type HealthState = 'up' | 'down';

/** One uplink's health: its state, since when, and the current streak of each target. */
export type UplinkHealth = {
  readonly state: HealthState;
  readonly since: number;
  /** Per target: consecutive failures (negative) or successes (positive) of the latest probes. */
  readonly streaks: readonly number[];
};

/** A new uplink starts `up`: the applied default stays until probes prove otherwise. */
export function initialHealth(targets: number, now: number): UplinkHealth {
  return { state: 'up', since: now, streaks: new Array<number>(targets).fill(0) };
}

/**
 * Folds one probe result into an uplink's health (pure). Down after `down` consecutive failures of
 * all its targets; up again after `up` consecutive successes of any target.
 */
export function recordProbe(
  health: UplinkHealth,
  check: Pick<HealthCheck, 'down' | 'up'>,
  target: number,
  ok: boolean,
  now: number,
): UplinkHealth {
  const streaks = health.streaks.map((streak, index) => {
    if (index !== target) return streak;
    if (ok) return streak > 0 ? streak + 1 : 1;
    return streak < 0 ? streak - 1 : -1;
  });
  const allFailed = streaks.every((streak) => streak <= -check.down);
  const anyUp = streaks.some((streak) => streak >= check.up);
  const state: HealthState = health.state === 'up' ? (allFailed ? 'down' : 'up') : anyUp ? 'up' : 'down';
  // Streaks stop growing past what any decision needs, so hours of probes keep the numbers small.
  const cap = Math.max(check.down, check.up);
  const bounded = streaks.map((streak) => Math.max(-cap, Math.min(cap, streak)));
  return { state, since: state === health.state ? health.since : now, streaks: bounded };
}
