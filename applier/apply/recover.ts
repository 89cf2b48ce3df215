import { deleteIntent } from '../ledger/intent-store.js';
import { deleteLedger, ledgerText, writeLedger } from '../ledger/ledger-store.js';
import { withNamespaceLock } from '../ledger/lock.js';
import type { NamespaceRecords } from '../ledger/namespace-records.js';
import { movePending } from '../ledger/pending-store.js';
import { adoptLedger } from '../plan/adopt-ledger.js';
import type { CommandRunner } from '../runner/command-runner.js';
import { type HostReadings, readHost } from '../state/host-readings.js';
import { settleExpiredPending } from './confirm.js';
import { restoreSnapshot } from './rollback.js';

/**
 * What `recoverIntent` found: no unfinished run, one it completed, one it undid, or one it could not
 * undo and took over (`adopted`: its objects are in the ledger, so the caller's run converges them).
 */
export type Recovery = 'none' | 'completed' | 'undone' | 'adopted';

/** What `recoverIntent` did, and for `adopted` what the undo left different. */
export type RecoveryReport = { readonly recovery: Recovery; readonly differences: readonly string[] };

/**
 * Finishes a run the write-ahead record says did not finish (killed, or its rollback failed); the
 * caller holds the lock. An apply whose ledger was already written is complete: only the record
 * goes. Anything else is undone from the record's snapshot, and the ledger from before comes back.
 * When the undo cannot finish, the world moved under that run (a link flap took the addresses its
 * routes need, a DHCP client released one): trying the same undo again would fail forever and
 * wedge every later run. So the ledger then owns what either side of that run may have made, the
 * record goes, and the caller's own run (apply, remove, a watch's repair) plans from the host as it
 * is: nothing is orphaned, and nothing refuses forever.
 */
export async function recoverIntent(
  runner: CommandRunner,
  records: NamespaceRecords,
): Promise<RecoveryReport> {
  const { intent, nsid, ledger } = records;
  if (intent === null) return { recovery: 'none', differences: [] };
  if (
    intent.operation === 'apply' &&
    intent.nextLedger !== null &&
    ledger !== null &&
    ledgerText(ledger) === ledgerText(intent.nextLedger)
  ) {
    await deleteIntent(runner, nsid);
    return { recovery: 'completed', differences: [] };
  }
  const report = await restoreSnapshot(runner, intent.snapshot);
  const differences = [...report.failedCommands, ...report.problems];
  const adopted = report.problems.length > 0;
  const settled = adopted ? adoptLedger(intent.previousLedger, intent.nextLedger) : intent.previousLedger;
  if (settled === null) await deleteLedger(runner, nsid);
  else await writeLedger(runner, nsid, settled);
  // An `apply --confirm` undone here has nothing left to confirm: its record says rolled back, so
  // `confirm` says so and later runs are not refused as waiting for it (a record its rollback
  // already settled stays as it is). An undo that failed keeps it, for the rollback to try again.
  if (intent.pendingId !== undefined && !adopted)
    await movePending(runner, nsid, intent.pendingId, 'pending', 'rolled-back');
  await deleteIntent(runner, nsid);
  return adopted ? { recovery: 'adopted', differences } : { recovery: 'undone', differences: [] };
}

/** The host as a run under the lock may plan from: read (or taken as given), recovered, and read again if it was. */
export async function readRecovered(runner: CommandRunner, readings?: HostReadings): Promise<HostReadings> {
  const read = readings ?? (await readHost(runner));
  if ((await recoverIntent(runner, read.records)).recovery === 'none') return read;
  return readHost(runner);
}

/**
 * `readRecovered`, and then any `apply --confirm` past its deadline with no rollback process alive
 * is rolled back (read again if so): what apply and remove plan from, under the lock.
 */
export async function readSettled(runner: CommandRunner, readings?: HostReadings): Promise<HostReadings> {
  const read = await readRecovered(runner, readings);
  if (!(await settleExpiredPending(runner, read.records.nsid, read.records.pending))) return read;
  return readHost(runner);
}

/**
 * What the read-only commands (plan, verify) do first: a run killed halfway is finished or undone,
 * and an `apply --confirm` past its deadline with no rollback process alive is rolled back, under
 * the lock, so no command leaves the safety net vanished. The lock is taken only when a record
 * says there is something to settle. Gives back the host as it is after: `readings` (what the
 * caller read to load its config, read here when absent) when nothing was settled, read again if
 * something was.
 */
export async function settleUnfinished(
  runner: CommandRunner,
  readings?: HostReadings,
): Promise<HostReadings> {
  const read = readings ?? (await readHost(runner));
  const { records } = read;
  const unsettled =
    records.intent !== null ||
    records.pending.some((entry) => entry.state === 'pending' || entry.state === 'rolling');
  return unsettled ? withNamespaceLock(runner, () => readSettled(runner)) : read;
}
