import { afterEach, describe, expect, it } from 'vitest';
import { disposedAfterEach, type NetnsHost } from '../apply/test-support/netns-host.js';
import { removeHost, statusHost } from '../index.js';
import { pollUntil } from './test-support/poll.js';
import type { LogEntry } from './watch-log.js';
import { Watcher } from './watcher.js';

const host = disposedAfterEach();
const watchers: Watcher[] = [];
afterEach(async () => {
  for (const watcher of watchers.splice(0)) await watcher.stop();
});

async function startWatch(router: NetnsHost, log: LogEntry[] = []): Promise<Watcher> {
  const watcher = await Watcher.start(router.runner, router.configPath, {
    log: (line) => log.push(line),
    resyncMs: 60_000,
  });
  watchers.push(watcher);
  return watcher;
}

const rules = (router: NetnsHost) => router.sh(['ip', '-4', 'rule', 'show']);
const table = (router: NetnsHost, id: number) =>
  router.sh(['ip', '-4', 'route', 'show', 'table', String(id)]);

describe('multihome watch repairs drift from kernel events', () => {
  it('puts back a deleted rule, a flushed table, a removed address and what a link flap took', async () => {
    const router = host('watch');
    const log: LogEntry[] = [];
    await startWatch(router, log);
    expect(rules(router)).toContain('from 10.201.1.20 lookup');
    const status = await statusHost(router.runner);
    expect(status.drift).toEqual([]);

    router.sh(['ip', 'rule', 'del', 'pref', '10001']);
    await pollUntil('the deleted rule back', () => /10001:\s+from 10\.201\.1\.20/.test(rules(router)));

    router.sh(['ip', 'route', 'flush', 'table', '102']);
    await pollUntil('table 102 refilled', () => table(router, 102).includes('default via 10.201.2.1'));

    router.sh(['ip', 'address', 'del', '10.201.1.20/24', 'dev', 'eth0']);
    await pollUntil('the alias address back', () =>
      router.sh(['ip', '-4', 'address', 'show', 'dev', 'eth0']).includes('10.201.1.20/24'),
    );

    // eth0 carries IPv4 uplinks; eth1 carries the IPv6 one too, whose address the kernel drops on
    // link down, so a repair racing that clean-up can fail and leave an undo that cannot finish: the
    // next repair must take it over and converge, never refuse from then on.
    for (const dev of ['eth0', 'eth1']) {
      router.sh(['ip', 'link', 'set', dev, 'down']);
      router.sh(['ip', 'link', 'set', dev, 'up']);
      await pollUntil(
        `everything right after a flap of ${dev}`,
        async () => (await statusHost(router.runner)).drift.length === 0,
        15_000,
      ).catch(async (error) => {
        console.log(JSON.stringify((await statusHost(router.runner)).drift));
        console.log(
          log
            .slice(-15)
            .map((line) => `${line.at} ${line.kind} ${line.message}`)
            .join('\n'),
        );
        throw error;
      });
    }
    expect(router.sh(['ip', '-6', 'address', 'show', 'dev', 'eth1'])).toContain('fd10:2::10/64');
    expect(table(router, 100)).toContain('default via 10.201.1.1');
    expect(log.some((line) => line.kind === 'event' && line.object === 'rule')).toBe(true);
    expect(log.some((line) => line.kind === 'action' && line.message.includes('rule from 10.201.1.20'))).toBe(
      true,
    );
  });

  it('puts a rule back each time it is deleted again soon after its repair put it back', async () => {
    const router = host('watch-again');
    const watcher = await startWatch(router);
    const back = () => /10001:\s+from 10\.201\.1\.20/.test(rules(router));
    // Each deletion lands a little later after the rule came back, while the repair that put it
    // back may still be reading the host back or writing its ledger: a deletion its read-back saw
    // fails that repair (and is repaired again), one after it must get a repair of its own.
    for (let i = 0; i < 10; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, i * 40));
      router.sh(['ip', 'rule', 'del', 'pref', '10001']);
      await pollUntil(`the rule back (${i + 1})`, back, 10_000);
    }
    await watcher.idle();
    expect(back()).toBe(true);
    expect((await statusHost(router.runner)).drift).toEqual([]);
  });

  it('refuses a second watch of the same namespace, and leaves the state when stopped', async () => {
    const router = host('watch-one');
    const first = await startWatch(router);
    await expect(startWatch(router)).rejects.toThrow(/already runs for this network namespace/);
    await first.stop();
    const status = await statusHost(router.runner);
    expect(status.configFile).toBe(router.configPath);
    expect(status.drift).toEqual([]);
    // The lock went with the first watch: a new one starts.
    await startWatch(router);
  });

  it('stops, leaving the host alone, when `remove` takes the state away under it', async () => {
    const router = host('watch-remove');
    const log: LogEntry[] = [];
    const watcher = await startWatch(router, log);
    // remove holds the namespace lock from its read to the ledger's deletion; the watch's repairs
    // wait for it, read the host again and find the ledger gone.
    await removeHost(router.runner);
    expect(await watcher.done).toBe(0);
    expect(log.some((line) => line.message.includes('the ledger is gone'))).toBe(true);
    expect(router.sh(['ip', 'rule', 'show', 'pref', '10001']).trim()).toBe('');
    const status = await statusHost(router.runner);
    expect(status.configFile).toBeNull();
    expect(status.watch?.running).toBe(false);
  });
});
