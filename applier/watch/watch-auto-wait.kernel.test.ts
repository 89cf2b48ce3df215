import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createNetnsHost, type NetnsHost } from '../apply/test-support/netns-host.js';
import type { Command, CommandRunner } from '../runner/command-runner.js';
import { statusHost } from '../verify/status-host.js';
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

const GONE = `uplinks:
  - name: a
    interface: eth0
    address: 10.201.1.10/24
    gateway: 10.201.1.1
  - name: b
    interface: eth2
    address: 10.201.3.10/24
    gateway: 10.201.3.2
default: a
`;

describe('watch and an uplink whose interface is gone', () => {
  // A PPP link exists only while its session is up, a USB modem only while plugged in: at boot, or
  // whenever it goes, the other uplinks must still be applied and repaired.
  it('starts without it, applies it when it comes, and repairs the others while it is gone', async () => {
    await using router = createNetnsHost('watch-gone', GONE);
    router.sh(['ip', 'link', 'del', 'eth2']);
    const log: LogEntry[] = [];
    const watcher = await Watcher.start(router.runner, router.configPath, {
      log: (line) => log.push(line),
      resyncMs: 60_000,
    });
    try {
      expect(log.map((line) => line.message)).toContainEqual(
        expect.stringMatching(/^waiting for interfaces this host does not have: b \(eth2\); found: .*eth0/),
      );
      expect(router.sh(['ip', '-4', 'rule', 'show'])).toContain('from 10.201.1.10 lookup');
      router.sh(['ip', 'link', 'add', 'eth2', 'type', 'veth', 'peer', 'name', 'p2', 'netns', router.peer]);
      router.sh(['ip', 'link', 'set', 'eth2', 'up']);
      router.sh(['ip', '-n', router.peer, 'link', 'set', 'p2', 'up']);
      await pollUntil(
        'b applied once eth2 is back',
        () =>
          router
            .sh(['ip', '-4', 'route', 'show', 'table', 'all'])
            .includes('default via 10.201.3.2 dev eth2'),
        10_000,
      );
      expect(router.sh(['ip', '-4', 'address', 'show', 'dev', 'eth2'])).toContain('10.201.3.10/24');
      expect(log.map((line) => line.message)).toContain('every uplink has its interface again');
      // Gone again, and a's rule deleted meanwhile: the repair of a must not wait for eth2.
      router.sh(['ip', 'link', 'del', 'eth2']);
      const rule = router.sh(['ip', '-4', 'rule', 'show']).match(/^(\d+):\s+from 10\.201\.1\.10 /m)?.[1];
      router.sh(['ip', '-4', 'rule', 'del', 'pref', String(rule)]);
      await pollUntil(
        "a's rule repaired while eth2 is gone",
        () => router.sh(['ip', '-4', 'rule', 'show']).includes('from 10.201.1.10 lookup'),
        10_000,
      );
      expect(log.some((line) => /repair failed/.test(line.message))).toBe(false);
      // status says who waits, and counts it as no drift.
      const status = await statusHost(router.runner);
      expect(status.waiting).toEqual([{ uplink: 'b', interface: 'eth2' }]);
      expect(status.drift).toEqual([]);
    } finally {
      await watcher.stop();
    }
  });

  // The address multihome added went with the link. A link of that name that comes back is another
  // one, configured by its own manager: with the uplink gone from the file, what it brings is not ours.
  it('leaves alone the address a returning interface brings, though multihome added it to the one that went', async () => {
    await using router = createNetnsHost('watch-gone-ours', GONE);
    const watcher = await Watcher.start(router.runner, router.configPath, {
      log: () => undefined,
      resyncMs: 60_000,
    });
    const eth2 = () => router.sh(['ip', '-4', 'address', 'show', 'dev', 'eth2']);
    try {
      expect(eth2()).toContain('10.201.3.10/24');
      router.sh(['ip', 'link', 'del', 'eth2']);
      await convergedWaitingFor(router, ['b']);
      writeFileSync(router.configPath, GONE.replace(/ {2}- name: b\n( {4}.*\n)+/, ''));
      expect(await watcher.reload()).toBe(true);
      router.sh(
        ['ip', '-batch', '-'],
        `link add eth2 type veth peer name p2 netns ${router.peer}\naddress add 10.201.3.10/24 dev eth2\nlink set eth2 up\n`,
      );
      await convergedWaitingFor(router, []);
      await watcher.idle();
      expect(eth2()).toContain('10.201.3.10/24');
    } finally {
      await watcher.stop();
    }
  });
});

// A veth like the one the host was built with, its peer in the world namespace with the gateways.
function plugIn(router: NetnsHost, dev: string, peer: string, gateways: readonly string[]): void {
  router.sh(['ip', 'link', 'add', dev, 'type', 'veth', 'peer', 'name', peer, 'netns', router.peer]);
  router.sh(['ip', 'link', 'set', dev, 'up']);
  router.sh(['ip', '-n', router.peer, 'link', 'set', peer, 'up']);
  for (const gateway of gateways)
    router.sh(['ip', '-n', router.peer, 'address', 'add', gateway, 'dev', peer]);
}

async function convergedWaitingFor(router: NetnsHost, waiting: readonly string[]): Promise<void> {
  await pollUntil(
    `no drift, waiting for ${waiting.join(', ') || 'nothing'}`,
    async () => {
      const status = await statusHost(router.runner);
      const names = status.waiting.map((uplink) => uplink.uplink);
      return status.drift.length === 0 && names.join() === waiting.join();
    },
    10_000,
  );
}

describe('watch and the default uplink whose interface comes and goes', () => {
  it('moves the main default to the next uplink while it is gone, back when it returns, and converges after flaps', async () => {
    await using router = createNetnsHost('watch-flap', GONE);
    const log: LogEntry[] = [];
    const watcher = await Watcher.start(router.runner, router.configPath, {
      log: (line) => log.push(line),
      resyncMs: 60_000,
    });
    const mainDefault = () => router.sh(['ip', '-4', 'route', 'show', 'default']);
    try {
      expect(mainDefault()).toContain('via 10.201.1.1 dev eth0');
      router.sh(['ip', 'link', 'del', 'eth0']);
      await convergedWaitingFor(router, ['a']);
      expect(mainDefault()).toContain('via 10.201.3.2 dev eth2');
      plugIn(router, 'eth0', 'p0', ['10.201.1.1/24']);
      await convergedWaitingFor(router, []);
      expect(mainDefault()).toContain('via 10.201.1.1 dev eth0');
      // A link that flaps: repairs may race the kernel and fail, but the watch must end right.
      for (let i = 0; i < 10; i += 1) {
        router.sh(['ip', 'link', 'del', 'eth2']);
        plugIn(router, 'eth2', 'p2', ['10.201.3.2/24']);
      }
      await convergedWaitingFor(router, []);
      expect(router.sh(['ip', '-4', 'address', 'show', 'dev', 'eth2'])).toContain('10.201.3.10/24');
      expect(router.sh(['ip', '-4', 'rule', 'show'])).toContain('from 10.201.3.10 lookup');
    } finally {
      await watcher.stop();
    }
  });
});

describe('watch and an interface that goes while a repair runs', () => {
  // The runner changes eth2 just before the next change script runs, as a PPP session that ends (or
  // ends and redials) between the repair's read of the host and its `ip -batch`.
  it.each([
    ['goes', ['link del eth2'], 'eth2 went', ['b']],
    [
      'goes and comes back',
      ['link del eth2', 'link add eth2 type veth peer name p2 netns {peer}', 'link set eth2 up'],
      'eth2 went and came back',
      [],
    ],
  ])(
    '%s: says so and plans again at once, instead of a failed repair and a failed rollback',
    async (_, lines, moved, waiting) => {
      await using router = createNetnsHost('watch-race', GONE);
      let sabotage = false;
      const inner = router.runner;
      const runner: CommandRunner = {
        where: inner.where,
        run: (argv, options) => inner.run(argv, options),
        hold: (argv, ready) => inner.hold(argv, ready),
        spawn: (argv, onLine) => inner.spawn(argv, onLine),
        runList: async (commands: readonly Command[]) => {
          if (sabotage && commands.some((command) => command.argv.includes('-batch'))) {
            sabotage = false;
            const input = `${lines.join('\n').replace('{peer}', router.peer)}\n`;
            await inner.run(['ip', '-batch', '-'], { input });
          }
          return inner.runList(commands);
        },
      };
      const log: LogEntry[] = [];
      const watcher = await Watcher.start(runner, router.configPath, {
        log: (line) => log.push(line),
        resyncMs: 60_000,
      });
      try {
        const table = router
          .sh(['ip', '-4', '-N', 'rule', 'show'])
          .match(/from 10\.201\.3\.10 lookup (\d+)/)?.[1];
        sabotage = true;
        router.sh(['ip', '-4', 'route', 'del', 'default', 'table', String(table)]);
        await pollUntil('the sabotaged repair ran', () => !sabotage, 10_000);
        await watcher.idle();
        await convergedWaitingFor(router, waiting);
        const messages = log.map((line) => line.message);
        expect(messages).toContain(`an interface changed during the repair (${moved}); planning again`);
        expect(messages.filter((message) => message.startsWith('repair failed'))).toEqual([]);
      } finally {
        await watcher.stop();
      }
    },
  );
});
