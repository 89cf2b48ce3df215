import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterEach, describe, expect, it } from 'vitest';
import { disposedAfterEach } from '../apply/test-support/netns-host.js';
import { pollUntil } from './test-support/poll.js';
import { Watcher } from './watcher.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const host = disposedAfterEach();
const watchers: Watcher[] = [];
afterEach(async () => {
  for (const watcher of watchers.splice(0)) await watcher.stop();
});

function heapAfterGc(): number {
  for (let i = 0; i < 3; i += 1) gc();
  return process.memoryUsage().heapUsed;
}

// One burst: 1,000 foreign routes added and deleted in table 500 (2,000 route events), plus one of
// multihome's rules deleted, which the watch must repair.
const BURST = Array.from({ length: 1000 }, (_, i) => {
  const dst = `10.250.${Math.floor(i / 250)}.${i % 250}/32`;
  return `route add ${dst} dev eth1 table 500\nroute del ${dst} dev eth1 table 500`;
}).join('\n');

describe('watch over many thousands of events', () => {
  it('keeps its heap flat and repairs every time', async () => {
    const router = host('soak');
    let events = 0;
    let repairs = 0;
    const watcher = await Watcher.start(router.runner, router.configPath, {
      log: (line) => {
        if (line.kind === 'event') events += 1;
        if (line.kind === 'action' && line.message.startsWith('+ rule from 10.201.1.20')) repairs += 1;
      },
      resyncMs: 60_000,
    });
    watchers.push(watcher);
    repairs = 0; // the first apply added that rule too
    const burst = async (n: number) => {
      router.sh(['ip', '-batch', '-'], BURST);
      router.sh(['ip', 'rule', 'del', 'pref', '10001']);
      await pollUntil(`repair ${n}`, () => repairs >= n, 20_000);
      await watcher.idle();
    };
    for (let n = 1; n <= 3; n += 1) await burst(n); // warm-up: JIT, caches
    const before = heapAfterGc();
    const eventsBefore = events;
    for (let n = 4; n <= 12; n += 1) await burst(n);
    const growth = heapAfterGc() - before;
    const seen = events - eventsBefore;
    console.log(`soak: ${seen} events, ${repairs} repairs, heap growth ${(growth / 1024).toFixed(0)} KiB`);
    expect(seen).toBeGreaterThan(15_000);
    // No growth per event: 18,000 events in; anything that kept ~100 bytes per event would show.
    expect(growth).toBeLessThan(1.5 * 1024 * 1024);
  }, 240_000);
});
