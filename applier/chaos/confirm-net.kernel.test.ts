import { existsSync, renameSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { disposedAfterEach, kernelSnapshot } from '../apply/test-support/netns-host.js';
import { renderStatus } from '../cli/render-report.js';
import { runCli } from '../cli/test-support/run-cli.js';
import { applyHost, confirmHost, loadConfigFor, removeHost, statusHost } from '../index.js';
import { ledgerDir } from '../ledger/paths.js';
import { pendingPath } from '../ledger/pending-store.js';
import type { CommandRunner } from '../runner/command-runner.js';

const host = disposedAfterEach();

/**
 * `runner` as a process killed once it starts the nft step: nothing runs from there on, so an apply
 * through it leaves what a SIGKILL halfway leaves (its intent, its pending record, half the changes).
 */
function killedAtNft(runner: CommandRunner): CommandRunner {
  let dead = false;
  return {
    where: runner.where,
    run: async (argv, options) => {
      if (argv.join(' ') === 'nft -f -') dead = true;
      return dead ? { stdout: '', stderr: 'killed\n', exitCode: 137 } : runner.run(argv, options);
    },
    hold: (argv, readyLine) => runner.hold(argv, readyLine),
  };
}

/** A namespace host where an `apply --confirm 300` was killed halfway, with no rollback process; and its state before. */
async function killedConfirmApply(prefix: string) {
  const h = host(prefix);
  const before = kernelSnapshot(h);
  const config = await loadConfigFor(h.runner, h.configPath);
  await applyHost(killedAtNft(h.runner), config, { confirmSeconds: 300, onPending: () => {} }).catch(
    () => undefined,
  );
  return { h, before, config };
}

describe('the --confirm safety net without its rollback process', () => {
  it('status shows the deadline and warns; past it, status rolls back under the lock', async () => {
    const h = host('cnet');
    const before = kernelSnapshot(h);
    const config = await loadConfigFor(h.runner, h.configPath);
    // No rollback process is started: as if it had died. The window must outlast apply's end and the
    // first status on a loaded machine (2 s did not, once, at a load of 15).
    const result = await applyHost(h.runner, config, { confirmSeconds: 6, onPending: () => {} });
    const early = await statusHost(h.runner);
    expect(early.pending).toEqual([
      expect.objectContaining({ id: result.pending?.id, state: 'pending', rollbackAlive: false }),
    ]);
    expect(early.pending[0]?.deadline).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(renderStatus(early)).toContain('WARNING: no rollback process is alive');
    await sleep(Math.max(0, Date.parse(early.pending[0]?.deadline ?? '') + 500 - Date.now()));
    const late = await statusHost(h.runner);
    expect(late.recovered).toBe('rolled-back');
    expect(kernelSnapshot(h)).toEqual(before);
  });

  for (const command of ['plan', 'verify'] as const) {
    it(`past the deadline, a read-only \`multihome ${command}\` rolls it back too`, async () => {
      const h = host(`cro${command[0]}`);
      const before = kernelSnapshot(h);
      const config = await loadConfigFor(h.runner, h.configPath);
      await applyHost(h.runner, config, { confirmSeconds: 1, onPending: () => {} });
      expect(kernelSnapshot(h)).not.toEqual(before);
      await sleep(1500);
      const run = runCli([command, '-c', h.configPath], { netns: h.name });
      // After the rollback the host is as before the apply: plan has changes to show, verify fails.
      expect(run.status, run.stderr).toBe(command === 'plan' ? 0 : 1);
      expect(kernelSnapshot(h)).toEqual(before);
      expect((await statusHost(h.runner)).pending).toEqual([
        expect.objectContaining({ state: 'rolled-back' }),
      ]);
    });
  }

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

  it('confirm of an apply killed halfway undoes it and says so, never "it stays" over a half-made change', async () => {
    const { h, before } = await killedConfirmApply('ckill');
    expect(kernelSnapshot(h)).not.toEqual(before);
    const error = (await confirmHost(h.runner).catch((caught: unknown) => caught)) as Error;
    expect(error.message).toMatch(/already rolled back/);
    expect(kernelSnapshot(h)).toEqual(before);
  });

  it('once the next run has undone a killed `apply --confirm`, remove and apply are not refused as still waiting', async () => {
    const { h, before, config } = await killedConfirmApply('cundo');
    expect((await statusHost(h.runner)).recovered).toBe('undone');
    expect(kernelSnapshot(h)).toEqual(before);
    await applyHost(h.runner, config);
    await removeHost(h.runner);
    expect(kernelSnapshot(h)).toEqual(before);
  });

  it('a rollback process killed while it rolled back is finished by the next run, and remove forgets the namespace', async () => {
    const h = host('croll');
    const before = kernelSnapshot(h);
    const config = await loadConfigFor(h.runner, h.configPath);
    const result = await applyHost(h.runner, config, { confirmSeconds: 300, onPending: () => {} });
    const id = result.pending?.id ?? '';
    // What the rollback process leaves when killed right after it claimed the record: the record
    // `rolling`, its lock file, and the host not yet restored.
    renameSync(pendingPath(result.nsid, id, 'pending'), pendingPath(result.nsid, id, 'rolling'));
    writeFileSync(`${ledgerDir(result.nsid)}/rollback-${id}.lock`, '');
    expect((await statusHost(h.runner)).recovered).toBe('rolled-back');
    expect(kernelSnapshot(h)).toEqual(before);
    const error = (await confirmHost(h.runner).catch((caught: unknown) => caught)) as Error;
    expect(error.message).toMatch(/already rolled back/);
    await removeHost(h.runner);
    expect(existsSync(ledgerDir(result.nsid))).toBe(false);
  });
});
