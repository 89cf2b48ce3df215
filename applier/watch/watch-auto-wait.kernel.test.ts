import { describe, expect, it } from 'vitest';
import { createNetnsHost } from '../apply/test-support/netns-host.js';
import { pollUntil } from './test-support/poll.js';
import type { LogEntry } from './watch-log.js';
import { Watcher } from './watcher.js';

const LATE = `  - name: late
    interface: eth2
    address: auto
    gateway: auto
`;
const BESIDE_STATIC = `uplinks:
  - name: a
    interface: eth0
    address: 10.201.1.10/24
    gateway: 10.201.1.1
${LATE}default: a
`;

describe('watch and an `auto` uplink without a lease yet', () => {
  // The README: a config whose only uplink waits is accepted too (as at boot, before DHCP).
  it.each([
    ['beside a static uplink', BESIDE_STATIC, ['from 10.201.1.10 lookup']],
    ['as the only uplink', `uplinks:\n${LATE}`, []],
  ])(
    '%s: says at start that it waits, keeps running, and applies the uplink once its lease comes',
    async (_, config, before) => {
      await using router = createNetnsHost('watch-wait', config);
      router.sh(['ip', 'address', 'flush', 'dev', 'eth2']);
      const log: LogEntry[] = [];
      const watcher = await Watcher.start(router.runner, router.configPath, {
        log: (line) => log.push(line),
        resyncMs: 60_000,
      });
      try {
        expect(log.some((line) => /^auto: .*late waits for an IPv4 address on eth2/.test(line.message))).toBe(
          true,
        );
        const rules = router.sh(['ip', '-4', 'rule', 'show']);
        for (const rule of before) expect(rules).toContain(rule);
        // The lease: an address and a default route on eth2, as a DHCP client's hook sets them.
        router.sh(['ip', 'address', 'add', '10.201.3.50/24', 'dev', 'eth2']);
        router.sh(['ip', 'route', 'add', 'default', 'via', '10.201.3.2', 'dev', 'eth2', 'metric', '200']);
        await pollUntil(
          'the late uplink applied',
          () => router.sh(['ip', '-4', 'rule', 'show']).includes('from 10.201.3.50 lookup'),
          10_000,
        );
        expect(log.some((line) => line.message.includes('auto: late address 10.201.3.50/24'))).toBe(true);
      } finally {
        await watcher.stop();
      }
    },
  );
});
