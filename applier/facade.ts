import { loadConfigWithReadings } from './config/load-config.js';
import type { Config } from './model/config.js';
import type { Change } from './model/types.js';
import { planChanges } from './plan/plan.js';
import type { CommandRunner } from './runner/command-runner.js';
import { type HostReadings, readHost } from './state/host-readings.js';

/**
 * The applier as a library: the CLI, the lab and the scenarios call these with any CommandRunner
 * (local, namespace, container). Results are data; failures are MultihomeErrors.
 */
export { type ApplyOptions, type ApplyResult, applyHost } from './apply/apply-host.js';
export { confirmHost, type RollbackOutcome, rollbackPending } from './apply/confirm.js';
export { type RemoveResult, removeHost } from './apply/remove-host.js';
export { hostFacts, type LoadedConfig, loadConfigWithReadings } from './config/load-config.js';
export { DEFAULT_LOCK_WAIT_SECONDS, type NamespaceLock, withNamespaceLock } from './ledger/lock.js';
export { type HostReadings, readHost } from './state/host-readings.js';
export { type StatusReport, statusHasDrift, statusHost } from './verify/status-host.js';
export { type UplinkVerdict, type VerifyCheck, type VerifyReport, verifyHost } from './verify/verify-host.js';

/** What `plan` found: the validated config and the changes apply would make (reads only). */
export type PlanResult = { readonly config: Config; readonly changes: readonly Change[] };

/**
 * Loads a config file against the host the runner reaches (its interfaces, foreign tables, earlier
 * ids). Pass `readings` (from `readHost`) to reuse them for the apply or remove that follows.
 */
export async function loadConfigFor(
  runner: CommandRunner,
  path: string,
  readings?: HostReadings,
): Promise<Config> {
  return (await loadConfigWithReadings(runner, path, readings)).config;
}

/** The changes apply would make; accepts a config file path (loaded against this host) or a Config. */
export async function planHost(
  runner: CommandRunner,
  config: string | Config,
  readings?: HostReadings,
): Promise<PlanResult> {
  const loaded =
    typeof config === 'string'
      ? await loadConfigWithReadings(runner, config, readings)
      : { config, readings: readings ?? (await readHost(runner)) };
  const { records, state } = loaded.readings;
  return { config: loaded.config, changes: planChanges(loaded.config, state, records.ledger) };
}
