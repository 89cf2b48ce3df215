import { describe, expect, it } from 'vitest';
import { initialHealth, recordProbe, type UplinkHealth } from './health-state.js';

const CHECK = { down: 3, up: 2 };
const run = (health: UplinkHealth, results: [number, boolean][]) =>
  results.reduce((state, [target, ok], index) => recordProbe(state, CHECK, target, ok, index + 1), health);

describe('uplink health from probe results', () => {
  it('goes down only after `down` consecutive failures of every target', () => {
    const start = initialHealth(2, 0);
    const oneTargetDead = run(start, [
      [0, false],
      [0, false],
      [0, false],
      [0, false],
      [1, true],
    ]);
    expect(oneTargetDead.state).toBe('up');
    const bothDead = run(start, [
      [0, false],
      [1, false],
      [0, false],
      [1, false],
      [0, false],
    ]);
    expect(bothDead.state).toBe('up');
    const down = recordProbe(bothDead, CHECK, 1, false, 10);
    expect(down.state).toBe('down');
    expect(down.since).toBe(10);
  });

  it('a success in between starts the count again', () => {
    const health = run(initialHealth(1, 0), [
      [0, false],
      [0, false],
      [0, true],
      [0, false],
      [0, false],
    ]);
    expect(health.state).toBe('up');
  });

  it('comes back after `up` consecutive successes of any target, and streaks stay bounded', () => {
    const down = run(initialHealth(2, 0), [
      [0, false],
      [1, false],
      [0, false],
      [1, false],
      [0, false],
      [1, false],
    ]);
    expect(down.state).toBe('down');
    const once = recordProbe(down, CHECK, 0, true, 20);
    expect(once.state).toBe('down');
    const back = recordProbe(once, CHECK, 0, true, 21);
    expect(back).toMatchObject({ state: 'up', since: 21 });
    const long = run(
      back,
      Array.from({ length: 10_000 }, (): [number, boolean] => [1, true]),
    );
    expect(Math.max(...long.streaks.map(Math.abs))).toBeLessThanOrEqual(3);
  });
});
