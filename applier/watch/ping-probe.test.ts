import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseConfig } from '../config/parse-config.js';
import { HOST } from '../config/test-helpers.js';
import { HealthMonitor, type Transition } from './health-monitor.js';
import { PingProbe, type ProbeTiming, worstDetectionMs } from './ping-probe.js';
import { FakePings } from './test-support/fake-pings.js';

// The watch bench's check: a probe every 500 ms, 100 ms to answer, every 100 ms after a miss.
const TIMING: ProbeTiming = { intervalMs: 500, failureIntervalMs: 100, timeoutMs: 100 };
const rate = (argv: readonly string[]) => argv[argv.indexOf('-i') + 1];

function started(timing = TIMING) {
  const runner = new FakePings();
  const results: boolean[] = [];
  const probe = new PingProbe(runner, '198.51.100.10', '100.64.0.1', timing, (ok) => results.push(ok));
  probe.start();
  return { runner, results, probe };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('PingProbe', () => {
  it('pings every interval, every failureInterval after a miss, and every interval again after a reply', async () => {
    const { runner, results } = started();
    expect(runner.latest().argv).toEqual(['ping', '-n', '-I', '198.51.100.10', '-i', '0.500', '100.64.0.1']);
    await vi.advanceTimersByTimeAsync(2);
    runner.latest().reply(2);
    // The next echo leaves at 500 ms and has until 600 ms.
    await vi.advanceTimersByTimeAsync(597);
    expect(results).toEqual([true]);
    expect(runner.pings).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(results).toEqual([true, false]);
    expect(runner.pings[0]?.stopped).toBe(true);
    expect(runner.pings.map((ping) => rate(ping.argv))).toEqual(['0.500', '0.100']);
    await vi.advanceTimersByTimeAsync(3);
    runner.latest().reply(3);
    expect(results).toEqual([true, false, true]);
    expect(runner.pings[1]?.stopped).toBe(true);
    // Back to the interval: the next echo leaves 500 ms after the answered one did (at 600 ms).
    await vi.advanceTimersByTimeAsync(496);
    expect(runner.pings).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(runner.pings.map((ping) => rate(ping.argv))).toEqual(['0.500', '0.100', '0.500']);
    expect(results).toEqual([true, false, true]);
  });

  it('times a restarted ping from its spawn and keeps it while the target stays silent', async () => {
    const { runner, results } = started();
    // The first echo leaves at the start: missed at 100 ms; the failure-rate ping starts then.
    await vi.advanceTimersByTimeAsync(100);
    expect(results).toEqual([false]);
    await vi.advanceTimersByTimeAsync(99);
    expect(results).toEqual([false]);
    await vi.advanceTimersByTimeAsync(1);
    expect(results).toEqual([false, false]);
    await vi.advanceTimersByTimeAsync(1000);
    expect(results).toEqual(new Array(12).fill(false));
    expect(runner.pings.map((ping) => rate(ping.argv))).toEqual(['0.500', '0.100']);
  });

  it('ignores a late reply of a replaced or stopped ping', async () => {
    const { runner, results, probe } = started();
    await vi.advanceTimersByTimeAsync(100);
    const [old, current] = runner.pings;
    // A line the old ping printed before its stop, read only now: its probe has already failed.
    old?.reply(99);
    expect(results).toEqual([false]);
    expect(current?.stopped).toBe(false);
    expect(runner.pings).toHaveLength(2);
    probe.stop();
    current?.reply(1);
    await vi.advanceTimersByTimeAsync(5000);
    expect(results).toEqual([false]);
    expect(runner.pings).toHaveLength(2);
  });

  it('never restarts its ping when failureInterval is the interval', async () => {
    const { runner, results } = started({ intervalMs: 500, failureIntervalMs: 500, timeoutMs: 1000 });
    await vi.advanceTimersByTimeAsync(2000);
    expect(results).toEqual([false, false, false]);
    expect(runner.pings).toHaveLength(1);
    runner.latest().reply(10);
    expect(results).toEqual([false, false, false, true]);
    expect(runner.pings).toHaveLength(1);
  });

  it('starts a ping that exited by itself again after an interval', async () => {
    const { runner, results } = started();
    await vi.advanceTimersByTimeAsync(1);
    runner.latest().reply(1);
    runner.latest().exit();
    await vi.advanceTimersByTimeAsync(499);
    expect(runner.pings).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(runner.pings.map((ping) => rate(ping.argv))).toEqual(['0.500', '0.500']);
    expect(results).toEqual([true]);
  });
});

const monitored = (check: string) => {
  const yaml =
    'uplinks:\n  - name: isp1\n    interface: eth0\n    address: 198.51.100.10/24\n    gateway: 198.51.100.1\n' +
    `    check: { targets: [198.51.100.1], ${check} }\n`;
  const runner = new FakePings();
  const transitions: Transition[] = [];
  const monitor = new HealthMonitor(runner, (transition) => transitions.push(transition));
  monitor.start(parseConfig(yaml, 'file.yaml', HOST));
  return { runner, transitions, monitor };
};

describe('HealthMonitor with failureInterval', () => {
  it('takes an uplink down after `down` misses, all but the first at the failure rate', async () => {
    const { runner, transitions, monitor } = monitored('interval: 500ms, timeout: 100ms, down: 3');
    await vi.advanceTimersByTimeAsync(2);
    runner.latest().reply(2);
    // Dead from here: misses at 600 (the interval's probe), 700 and 800 ms (the failure rate's).
    await vi.advanceTimersByTimeAsync(797);
    expect(transitions).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(transitions.map(({ uplink, from, to }) => [uplink.name, from, to])).toEqual([
      ['isp1', 'up', 'down'],
    ]);
    expect(monitor.view()).toEqual({ isp1: false });
    expect(runner.pings.map((ping) => rate(ping.argv))).toEqual(['0.500', '0.100']);
    monitor.stop();
  });

  // Each: a target that answers its first probe at once and then never again, as a gateway that
  // dies just after an answered probe left: the worst moment, which the bench's bound assumes.
  it.each([
    { check: 'interval: 500ms, timeout: 100ms, down: 3', timing: TIMING, down: 3, worst: 800 },
    {
      check: 'interval: 500ms, timeout: 100ms, failureInterval: 50ms, down: 4',
      timing: { intervalMs: 500, failureIntervalMs: 50, timeoutMs: 100 },
      down: 4,
      worst: 800,
    },
    {
      check: 'interval: 500ms, timeout: 200ms, failureInterval: 300ms, down: 2',
      timing: { intervalMs: 500, failureIntervalMs: 300, timeoutMs: 200 },
      down: 2,
      worst: 1000,
    },
    {
      check: 'interval: 1s, timeout: 1s, down: 3',
      timing: { intervalMs: 1000, failureIntervalMs: 1000, timeoutMs: 1000 },
      down: 3,
      worst: 4000,
    },
    { check: 'interval: 500ms, timeout: 100ms, down: 1', timing: TIMING, down: 1, worst: 600 },
  ])(
    'with $check, is down worstDetectionMs ($worst ms) after the last answer',
    async ({ check, timing, down, worst }) => {
      expect(worstDetectionMs(timing, down)).toBe(worst);
      const { runner, transitions, monitor } = monitored(check);
      runner.latest().reply(0);
      await vi.advanceTimersByTimeAsync(worst - 1);
      expect(transitions).toEqual([]);
      await vi.advanceTimersByTimeAsync(1);
      expect(transitions.map(({ to }) => to)).toEqual(['down']);
      monitor.stop();
    },
  );
});
