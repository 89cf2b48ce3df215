import { writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { disposedAfterEach, kernelSnapshot } from '../apply/test-support/netns-host.js';
import { renderStatus } from '../cli/render-report.js';
import { applyHost, confirmHost, loadConfigFor, statusHost } from '../index.js';
import { pendingPath } from '../ledger/pending-store.js';

const host = disposedAfterEach();

describe('the --confirm safety net without its rollback process', () => {
  it('status shows the deadline and warns; past it, status rolls back under the lock', async () => {
    const h = host('cnet');
    const before = kernelSnapshot(h);
    const config = await loadConfigFor(h.runner, h.configPath);
    // No rollback process is started: as if it had died.
    const result = await applyHost(h.runner, config, { confirmSeconds: 2, onPending: () => {} });
    const early = await statusHost(h.runner);
    expect(early.pending).toEqual([
      expect.objectContaining({ id: result.pending?.id, state: 'pending', rollbackAlive: false }),
    ]);
    expect(early.pending[0]?.deadline).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(renderStatus(early)).toContain('WARNING: no rollback process is alive');
    await sleep(2500);
    const late = await statusHost(h.runner);
    expect(late.recovered).toBe('rolled-back');
    expect(kernelSnapshot(h)).toEqual(before);
  });

  it('a corrupt pending record is an error naming the file, never "already rolled back"', async () => {
    const h = host('ccor');
    const config = await loadConfigFor(h.runner, h.configPath);
    const result = await applyHost(h.runner, config, { confirmSeconds: 60, onPending: () => {} });
    const nsid = result.nsid;
    const path = pendingPath(nsid, result.pending?.id ?? '', 'pending');
    writeFileSync(path, '{"version": 2}\n');
    const error = (await confirmHost(h.runner).catch((caught: unknown) => caught)) as Error;
    expect(error.message).toContain(path);
    expect(error.message).toMatch(/is not a multihome pending rollback record/);
    expect(error.message).not.toMatch(/rolled back/);
  });
});
