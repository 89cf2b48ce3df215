import { MultihomeError } from '../errors.js';
import { deleteLedger, writeLedger } from '../ledger/ledger-store.js';
import { withNamespaceLock } from '../ledger/lock.js';
import { namespaceId } from '../ledger/paths.js';
import {
  deletePending,
  listPending,
  movePending,
  readPending,
  writePending,
} from '../ledger/pending-store.js';
import type { CommandRunner } from '../runner/command-runner.js';
import { restoreSnapshot } from './rollback.js';

/** Keeps the changes of a pending `apply --confirm`: cancels its rollback. Exit 1 when there is none. */
export async function confirmHost(runner: CommandRunner): Promise<{ readonly id: string }> {
  const nsid = await namespaceId(runner);
  const records = await listPending(runner, nsid);
  for (const record of records.filter((candidate) => candidate.state === 'pending').reverse()) {
    if (await movePending(runner, nsid, record.id, 'pending', 'confirmed')) {
      await deletePending(runner, nsid, record.id, 'confirmed');
      return { id: record.id };
    }
  }
  const rolled = records.findLast((record) => record.state === 'rolled-back' || record.state === 'rolling');
  const message = rolled
    ? `${runner.where}: too late, the apply ${rolled.id} was already rolled back; apply again`
    : `${runner.where}: nothing is waiting for confirmation`;
  throw new MultihomeError('USAGE', message, { source: 'system' });
}

/** What the rollback process found when its time was up. */
export type RollbackOutcome = {
  readonly outcome: 'confirmed' | 'rolled-back';
  readonly problems: readonly string[];
};

/**
 * Body of the hidden `rollback --pending ID` process: after the wait, if the record is still
 * pending (the rename makes the race with `confirm` safe), restore the snapshot and the old ledger.
 */
export async function rollbackPending(
  runner: CommandRunner,
  id: string,
  wait: () => Promise<void> = async () => {},
): Promise<RollbackOutcome> {
  const nsid = await namespaceId(runner);
  await wait();
  // The apply it guards has ended (and let go of the lock); nothing else may change the host meanwhile.
  return withNamespaceLock(runner, () => rollBack(runner, nsid, id));
}

async function rollBack(runner: CommandRunner, nsid: string, id: string): Promise<RollbackOutcome> {
  if (!(await movePending(runner, nsid, id, 'pending', 'rolling')))
    return { outcome: 'confirmed', problems: [] };
  const record = await readPending(runner, nsid, id, 'rolling');
  if (record === null) return { outcome: 'confirmed', problems: [] };
  const report = await restoreSnapshot(runner, record.snapshot);
  if (record.previousLedger === null) await deleteLedger(runner, nsid);
  else await writeLedger(runner, nsid, record.previousLedger);
  const problems = [...report.failedCommands, ...report.problems];
  await writePending(runner, nsid, { ...record, problems }, 'rolled-back');
  await deletePending(runner, nsid, id, 'rolling');
  return { outcome: 'rolled-back', problems };
}
