import { describe, expect, it } from 'vitest';
import { createNetnsHost } from '../apply/test-support/netns-host.js';
import { pollUntil } from './test-support/poll.js';
import type { LogEntry } from './watch-log.js';
import { Watcher } from './watcher.js';

const CONFIG = `uplinks:
  - name: a
    interface: eth0
    address: 10.201.1.10/24
    gateway: 10.201.1.1
  - name: late
    interface: eth2
    address: auto
    gateway: auto
default: a
`;

describe('watch and an `auto` uplink without a lease yet', () => {
  it('says at start that it waits, keeps running, and applies the uplink once its lease comes', async () => {
    await using router = createNetnsHost('watch-wait', CONFIG);
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
      expect(router.sh(['ip', '-4', 'rule', 'show'])).toContain('from 10.201.1.10 lookup');
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
  });
});
