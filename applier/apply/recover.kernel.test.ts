import { describe, expect, it } from 'vitest';
import { applyHost, loadConfigFor, planHost, removeHost, statusHost } from '../index.js';
import { intentPath, intentText, intentWriteArgv } from '../ledger/intent-store.js';
import { mustRun } from '../runner/must-run.js';
import { readHost } from '../state/host-readings.js';
import { takeSnapshot } from './snapshot.js';
import { disposedAfterEach } from './test-support/netns-host.js';

const host = disposedAfterEach();

describe('recovery of a run the world moved under', () => {
  it('an undo that cannot finish after a link flap is taken over, so the next apply converges and remove cleans up', async () => {
    const h = host('rc');
    const config = await loadConfigFor(h.runner, h.configPath);
    await applyHost(h.runner, config);
    // An apply that stopped halfway (its rollback failed): its intent is on disk, and its snapshot
    // holds the IPv6 uplink's routes with their source address.
    const { records, state } = await readHost(h.runner);
    if (records.ledger === null) throw new Error('apply wrote no ledger');
    const snapshot = await takeSnapshot(h.runner, records.nsid, state, []);
    expect(snapshot.routes.some((route) => route.family === 6)).toBe(true);
    const intent = {
      version: 1 as const,
      operation: 'apply' as const,
      startedAt: new Date().toISOString(),
      pid: 999_999,
      snapshot,
      previousLedger: records.ledger,
      // What that run meant to write (a ledger that differs from the one on disk: it did not finish).
      nextLedger: { ...records.ledger, retiredMarks: [...records.ledger.retiredMarks, 200] },
    };
    await h.runner.run(intentWriteArgv(records.nsid), { input: intentText(intent) });
    // The link flaps: the kernel drops eth1's IPv6 address and every route through eth1, so the
    // snapshot's IPv6 routes (src fd10:2::10) can no longer be put back.
    h.sh(['ip', 'link', 'set', 'eth1', 'down']);
    h.sh(['ip', 'link', 'set', 'eth1', 'up']);
    expect(h.sh(['ip', '-6', 'address', 'show', 'dev', 'eth1'])).not.toContain('fd10:2::10');

    const status = await statusHost(h.runner);
    expect(status.recovered).toBe('adopted');
    expect(status.recoveryProblem).toMatch(/could not be undone .*route missing/);
    expect(status.drift.length).toBeGreaterThan(0);
    const intentGone = await h.runner.run(['test', '-e', intentPath(records.nsid)]);
    expect(intentGone.exitCode).toBe(1);

    const again = await applyHost(h.runner, config);
    expect(again.changes.length).toBeGreaterThan(0);
    expect((await planHost(h.runner, h.configPath)).changes).toEqual([]);
    expect(h.sh(['ip', '-6', 'address', 'show', 'dev', 'eth1'])).toContain('fd10:2::10/64');

    // The foreign main default that apply displaced comes back (`ip route` does not print proto boot).
    await removeHost(h.runner);
    const left = await readHost(h.runner);
    expect(left.state.ownedRoutes).toEqual([]);
    expect(left.state.ownedRules).toEqual([]);
    expect(left.state.nftTable).toBeNull();
    expect(left.records.ledger).toBeNull();
    // The foreign main default that apply displaced comes back (`ip route` does not print proto boot).
    expect(await mustRun(h.runner, ['ip', '-4', 'route', 'show', 'default'])).toBe(
      'default via 10.201.2.1 dev eth1 \n',
    );
  });
});
