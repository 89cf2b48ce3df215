import { describe, expect, it } from 'vitest';
import { exitCodeFor, formatPath } from '../errors.js';
import { parseConfig } from './parse-config.js';
import { configErrorOf, HOST } from './test-helpers.js';

const TWO = (isp1Extra: string, top = '') =>
  'uplinks:\n' +
  '  - name: isp1\n    interface: eth0\n    address: 198.51.100.10/24\n    gateway: 198.51.100.1\n' +
  isp1Extra +
  '  - name: isp2\n    interface: eth1\n    address: 192.0.2.10/24\n    gateway: 192.0.2.1\n' +
  top;

// Each bad field of the health-check, balancing and failover settings: exit 2 with its path and line.
const BAD: { name: string; yaml: string; path: string; line: number; message: RegExp }[] = [
  {
    name: 'a check target of the other family',
    yaml: TWO('    check: { targets: [100.64.0.1, "2001:db8::1"] }\n'),
    path: 'uplinks[0].check.targets[1]',
    line: 6,
    message: /2001:db8::1 is IPv6 but uplink isp1 is IPv4/,
  },
  {
    name: 'interval 0',
    yaml: TWO('    check: { targets: [100.64.0.1], interval: 0ms }\n'),
    path: 'uplinks[0].check.interval',
    line: 6,
    message: /must be above 0/,
  },
  {
    name: 'a negative interval',
    yaml: TWO('    check: { targets: [100.64.0.1], interval: -1s }\n'),
    path: 'uplinks[0].check.interval',
    line: 6,
    message: /must be above 0/,
  },
  {
    name: 'an interval above an hour, which Node would cut to 1 ms',
    yaml: TWO('    check: { targets: [100.64.0.1], interval: 3000000s }\n'),
    path: 'uplinks[0].check.interval',
    line: 6,
    message: /must be at most 3600s, an hour \(got 3000000s\)/,
  },
  {
    name: 'a timeout of more than an hour in milliseconds',
    yaml: TWO('    check: { targets: [100.64.0.1], timeout: 3600001 }\n'),
    path: 'uplinks[0].check.timeout',
    line: 6,
    message: /must be at most 3600s/,
  },
  {
    name: 'failureInterval 0',
    yaml: TWO('    check: { targets: [100.64.0.1], failureInterval: 0ms }\n'),
    path: 'uplinks[0].check.failureInterval',
    line: 6,
    message: /must be above 0/,
  },
  {
    name: 'a failureInterval longer than the interval',
    yaml: TWO(
      '    check:\n      targets: [100.64.0.1]\n      interval: 500ms\n      failureInterval: 0.6s\n',
    ),
    path: 'uplinks[0].check.failureInterval',
    line: 9,
    message: /failureInterval 600ms is longer than interval \(500ms\)/,
  },
  {
    name: 'a failureInterval longer than the default interval',
    yaml: TWO('    check: { targets: [100.64.0.1], failureInterval: 2s }\n'),
    path: 'uplinks[0].check.failureInterval',
    line: 6,
    message: /longer than interval \(the default 1000ms\)/,
  },
  {
    name: 'down 0',
    yaml: TWO('    check: { targets: [100.64.0.1], down: 0 }\n'),
    path: 'uplinks[0].check.down',
    line: 6,
    message: /at least 1/,
  },
  {
    name: 'up 0',
    yaml: TWO('    check: { targets: [100.64.0.1], up: 0 }\n'),
    path: 'uplinks[0].check.up',
    line: 6,
    message: /at least 1/,
  },
  {
    name: 'weight 0',
    yaml: TWO('    weight: 0\n'),
    path: 'uplinks[0].weight',
    line: 6,
    message: /at least 1/,
  },
  {
    name: 'failover naming no uplink',
    yaml: TWO('', 'failover: [isp1, isp9]\n'),
    path: 'failover[1]',
    line: 10,
    message: /failover "isp9" names no uplink/,
  },
];

describe('health checks, weights and failover in the config', () => {
  it.each(BAD)('refuses $name with exit 2, its path and line', ({ yaml, path, line, message }) => {
    const error = configErrorOf(() => parseConfig(yaml, 'file.yaml', HOST));
    expect(exitCodeFor(error)).toBe(2);
    expect(error.issues.map((issue) => formatPath(issue.path))).toEqual([path]);
    expect(error.issues[0]?.line).toBe(line);
    expect(error.issues[0]?.message).toMatch(message);
  });

  it('resolves durations to milliseconds and fills the check defaults', () => {
    const config = parseConfig(
      TWO(
        '    check: { targets: [100.64.0.1], interval: 500ms, up: 4 }\n    weight: 2\n',
        'failover: [isp2, isp1]\nflushOnFailover: true\nonChange: /usr/local/bin/hook\n',
      ),
      'file.yaml',
      HOST,
    );
    expect(config.uplinks[0]?.check).toEqual({
      targets: ['100.64.0.1'],
      intervalMs: 500,
      failureIntervalMs: 500,
      timeoutMs: 1000,
      down: 3,
      up: 4,
    });
    expect(config.uplinks[0]?.weight).toBe(2);
    expect(config.uplinks[1]?.check).toBeUndefined();
    expect(config.failover).toEqual(['isp2', 'isp1']);
    expect(config.flushOnFailover).toBe(true);
    expect(config.onChange).toBe('/usr/local/bin/hook');
  });

  it('probes every min(interval, timeout) after a miss unless failureInterval says otherwise', () => {
    const failureIntervalOf = (check: string) =>
      parseConfig(TWO(`    check: { targets: [100.64.0.1], ${check} }\n`), 'file.yaml', HOST).uplinks[0]
        ?.check?.failureIntervalMs;
    expect(failureIntervalOf('interval: 500ms, timeout: 100ms')).toBe(100);
    expect(failureIntervalOf('interval: 500ms, timeout: 2s')).toBe(500);
    expect(failureIntervalOf('timeout: 300ms')).toBe(300);
    expect(failureIntervalOf('interval: 500ms, timeout: 100ms, failureInterval: 200ms')).toBe(200);
    expect(failureIntervalOf('interval: 500ms, failureInterval: 500')).toBe(500);
  });
});
