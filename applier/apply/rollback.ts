import { MultihomeError } from '../errors.js';
import { readRemoteFiles } from '../ledger/remote-file.js';
import type { CommandRunner } from '../runner/command-runner.js';
import { readHostState } from '../state/read-host-state.js';
import { differencesFromSnapshot, restoreSteps, rollbackFailed } from './restore.js';
import { StepFailure } from './run-step.js';
import { readNftText, type Snapshot } from './snapshot.js';

/** How a restore went: the commands that failed, and what still differs from the snapshot. */
export type RestoreReport = {
  readonly failedCommands: readonly string[];
  readonly problems: readonly string[];
};

/** Puts the host back to the snapshot, reading what is there now first; never throws for a failed line. */
export async function restoreSnapshot(runner: CommandRunner, snapshot: Snapshot): Promise<RestoreReport> {
  const [state, files, nftText] = await Promise.all([
    readHostState(runner),
    readRemoteFiles(runner, Object.keys(snapshot.files)),
    readNftText(runner),
  ]);
  const failedCommands: string[] = [];
  for (const step of restoreSteps(snapshot, state, nftText, files)) {
    const result = await runner.run(step.argv, step.input === undefined ? {} : { input: step.input });
    if (result.exitCode !== 0)
      failedCommands.push(`${step.name}: ${result.stderr.trim() || `exit ${result.exitCode}`}`);
  }
  return { failedCommands, problems: await differencesFromSnapshot(runner, snapshot) };
}

/**
 * Runs `work` (an apply or a remove) as a transaction: on any failure the snapshot is restored and APPLY_FAILED names the
 * failing step and command; when the restore leaves differences, ROLLBACK_FAILED carries both causes.
 */
export async function transact<T>(
  runner: CommandRunner,
  snapshot: Snapshot,
  work: () => Promise<T>,
  operation: 'apply' | 'remove' = 'apply',
): Promise<T> {
  try {
    return await work();
  } catch (error) {
    let report: RestoreReport;
    try {
      report = await restoreSnapshot(runner, snapshot);
    } catch (restoreError) {
      throw rollbackFailed(runner.where, describeFailure(error), [], restoreError);
    }
    if (report.problems.length > 0) {
      throw rollbackFailed(runner.where, describeFailure(error), [
        ...report.failedCommands,
        ...report.problems,
      ]);
    }
    throw new MultihomeError(
      'APPLY_FAILED',
      `${runner.where}: ${operation} failed, ${describeFailure(error)}. The host was restored to its state before ${operation}.`,
      { source: 'system', cause: error instanceof StepFailure ? error.cause : error },
    );
  }
}

function describeFailure(error: unknown): string {
  if (error instanceof StepFailure) {
    const why = error.cause.stderr.trim() || `exit ${error.cause.exitCode}`;
    const ran = error.step.lines
      ? ` (${error.linesRun} of its ${error.step.lines.length} lines had run)`
      : '';
    return `step "${error.step.name}" failed running \`${error.failedCommand}\`${ran}: ${why}`;
  }
  return error instanceof Error ? error.message : String(error);
}
