import { describe, expect, it } from 'vitest';
import { disposedAfterEach } from '../apply/test-support/netns-host.js';
import { removeHost, statusHost } from '../index.js';
import { ledgerDir } from '../ledger/paths.js';
import { readHost } from '../state/host-readings.js';
import { Watcher } from './watcher.js';

const host = disposedAfterEach();

describe('remove after a watch', () => {
  it("forgets the namespace once the watch has stopped, and keeps a running watch's directory", async () => {
    const router = host('watch-forget');
    const { nsid } = (await readHost(router.runner)).records;
    const exists = async () => (await router.runner.run(['test', '-d', ledgerDir(nsid)])).exitCode === 0;
    const start = () =>
      Watcher.start(router.runner, router.configPath, { log: () => undefined, resyncMs: 60_000 });

    const first = await start();
    await first.stop();
    await removeHost(router.runner);
    expect(await exists()).toBe(false);
    expect((await statusHost(router.runner)).watch).toBeNull();

    // A watch killed while it wrote its state leaves the temp file (no lock holder sweeps its name).
    const killed = await start();
    await killed.stop();
    await router.runner.run(['touch', `${ledgerDir(nsid)}/.watch.json.watch-${nsid}.tmp-0123456789ab`]);
    await removeHost(router.runner);
    expect(await exists()).toBe(false);

    // A watch still running holds its lock: remove leaves its directory, and the watch stops.
    const second = await start();
    await removeHost(router.runner);
    expect(await second.done).toBe(0);
    expect(await exists()).toBe(true);
  });
});
