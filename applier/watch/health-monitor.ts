import type { Config, Uplink } from '../model/config.js';
import type { HealthView } from '../plan/failover-order.js';
import type { CommandRunner } from '../runner/command-runner.js';
import { type HealthState, initialHealth, recordProbe, type UplinkHealth } from './health-state.js';
import { PingProbe } from './ping-probe.js';

/** One health transition of one uplink. */
export type Transition = { readonly uplink: Uplink; readonly from: HealthState; readonly to: HealthState };

/**
 * Runs the `check:` of every uplink that has one and reports each transition. Unchecked uplinks
 * are always healthy. Health survives a reload for uplinks whose check did not change.
 */
export class HealthMonitor {
  readonly #runner: CommandRunner;
  readonly #onTransition: (transition: Transition) => void;
  readonly #health = new Map<string, UplinkHealth>();
  #probes: PingProbe[] = [];
  #running = '';

  constructor(runner: CommandRunner, onTransition: (transition: Transition) => void) {
    this.#runner = runner;
    this.#onTransition = onTransition;
  }

  /**
   * (Re)starts the probes for `config`; uplinks gone from it are forgotten. Probes whose source
   * and check are unchanged keep running (a repair re-resolving `auto` calls this each time).
   */
  start(config: Config): void {
    const key = JSON.stringify(config.uplinks.map((uplink) => [uplink.name, uplink.address, uplink.check]));
    if (key === this.#running && this.#probes.length > 0) return;
    this.stop();
    this.#running = key;
    const now = Date.now();
    for (const name of [...this.#health.keys()]) {
      if (!config.uplinks.some((uplink) => uplink.name === name && uplink.check)) this.#health.delete(name);
    }
    for (const uplink of config.uplinks) {
      const check = uplink.check;
      if (check === undefined) continue;
      const kept = this.#health.get(uplink.name);
      if (kept === undefined || kept.streaks.length !== check.targets.length)
        this.#health.set(uplink.name, initialHealth(check.targets.length, now));
      check.targets.forEach((target, index) => {
        const probe = new PingProbe(this.#runner, uplink.address, target, check, (ok) =>
          this.#record(uplink, index, ok),
        );
        this.#probes.push(probe);
        probe.start();
      });
    }
  }

  stop(): void {
    this.#running = '';
    for (const probe of this.#probes.splice(0)) probe.stop();
  }

  /** Healthy or not, per checked uplink, for the planner. */
  view(): HealthView {
    return Object.fromEntries([...this.#health].map(([name, health]) => [name, health.state === 'up']));
  }

  /** Each checked uplink's state and since when. */
  snapshot(): Record<string, { state: HealthState; since: string }> {
    return Object.fromEntries(
      [...this.#health].map(([name, health]) => [
        name,
        { state: health.state, since: new Date(health.since).toISOString() },
      ]),
    );
  }

  #record(uplink: Uplink, target: number, ok: boolean): void {
    const check = uplink.check;
    const before = this.#health.get(uplink.name);
    if (check === undefined || before === undefined) return;
    const after = recordProbe(before, check, target, ok, Date.now());
    this.#health.set(uplink.name, after);
    if (after.state !== before.state) this.#onTransition({ uplink, from: before.state, to: after.state });
  }
}
