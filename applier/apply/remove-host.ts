import { MultihomeError } from '../errors.js';
import { deleteIntent, type Intent, intentText, intentWriteArgv } from '../ledger/intent-store.js';
import { forgetNamespace } from '../ledger/ledger-store.js';
import { type NamespaceLock, withNamespaceLock } from '../ledger/lock.js';
import { protosPath, tableNamesPath } from '../ledger/paths.js';
import { deleteFinishedPending } from '../ledger/pending-store.js';
import { removeFileArgv } from '../ledger/remote-file.js';
import type { Config } from '../model/config.js';
import { type Change, emptyLedger, type HostState, type Ledger } from '../model/types.js';
import { planRemoval, removalLeavesAlone } from '../plan/plan.js';
import type { CommandRunner } from '../runner/command-runner.js';
import type { HostReadings } from '../state/host-readings.js';
import { refuseIfPending } from './apply-host.js';
import { readSettled } from './recover.js';
import { transact } from './rollback.js';
import { runSteps } from './run-step.js';
import { takeSnapshot } from './snapshot.js';
import { buildSteps, PROTOS_TEXT, type Step } from './steps.js';

/** What remove did: the changes made, and whether a ledger was there to guide it. */
export type RemoveResult = {
  readonly nsid: string;
  readonly changes: readonly Change[];
  readonly hadLedger: boolean;
  /** What was left because an admin changed it after apply (a sysctl, a default route), one sentence each. */
  readonly leftAlone: readonly string[];
};

/**
 * Takes away everything multihome added in this namespace (found by protocol tag and ledger),
 * restores the sysctls it changed and any default route it displaced, then deletes the table-names
 * file and the ledger. One transaction, like apply. `config` stands in when the ledger is gone;
 * `readings` is what the caller read under `lock` (to load that config), read here when absent;
 * without `lock` the namespace's lock is taken here.
 */
export async function removeHost(
  runner: CommandRunner,
  config?: Config,
  readings?: HostReadings,
  lock?: NamespaceLock,
): Promise<RemoveResult> {
  // Readings taken without the lock may be stale by now: read again under it.
  if (lock === undefined)
    return withNamespaceLock(runner, (held) => removeHost(runner, config, undefined, held));
  const { records, state, files } = await readSettled(runner, readings);
  const { nsid, ledger: stored } = records;
  refuseIfPending(runner.where, records.pending);
  const ledger = stored ?? (config === undefined ? null : standInLedger(config, state));
  const changes = planRemoval(state, ledger);
  const snapshot = await takeSnapshot(runner, nsid, state, changes, files);
  const names = tableNamesPath(nsid);
  const steps: Step[] = buildSteps(changes, {
    nsid,
    tableNamesPath: names,
    tableNamesText: snapshot.files[names] ?? null,
    protosPath: protosPath(nsid),
    // Remove must not write the protocol name; it is handled below.
    protosText: PROTOS_TEXT,
  }).filter((step) => !step.argv.includes(names));
  if (snapshot.files[names] !== null) steps.push({ name: 'remove table names', argv: removeFileArgv(names) });
  if (snapshot.files[protosPath(nsid)] !== null) {
    steps.push({ name: 'remove protocol name', argv: removeFileArgv(protosPath(nsid)) });
  }
  const intent: Intent = {
    version: 1,
    operation: 'remove',
    startedAt: new Date().toISOString(),
    pid: process.pid,
    snapshot,
    previousLedger: stored,
    nextLedger: null,
  };
  try {
    await transact(
      runner,
      snapshot,
      // Write-ahead: a remove killed halfway is undone by the next run, which can then remove again.
      () =>
        runSteps(runner, [
          { name: 'record the intent', argv: intentWriteArgv(nsid), input: intentText(intent) },
          ...steps,
        ]),
      'remove',
    );
  } catch (error) {
    if (error instanceof MultihomeError && error.code === 'APPLY_FAILED')
      await deleteIntent(runner, nsid).catch(() => undefined);
    throw error;
  }
  await deleteFinishedPending(runner, nsid, records.pending);
  // The ledger and the intent go together (the commit), then the directory with its lock, last.
  await forgetNamespace(runner, nsid);
  return { nsid, changes, hadLedger: stored !== null, leftAlone: removalLeavesAlone(state, ledger) };
}

/** Without a ledger, the given config names the tables; objects are still found by protocol tag. */
function standInLedger(config: Config, state: HostState): Ledger {
  return { ...emptyLedger(config), routes: state.ownedRoutes, rules: state.ownedRules };
}
