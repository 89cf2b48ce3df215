import { resolve } from 'node:path';
import { type HostReadings, readHost } from './apply/host-readings.js';
import { loadConfigFile } from './config/load.js';
import type { Config, HostFacts } from './config/types.js';
import { planChanges } from './plan/plan.js';
import type { Change, HostState, Ledger } from './plan/types.js';
import type { CommandRunner } from './runner/command-runner.js';

/**
 * The applier as a library: the CLI, the lab and the scenarios call these with any CommandRunner
 * (local, namespace, container). Results are data; failures are MultihomeErrors.
 */
export { type ApplyOptions, type ApplyResult, applyHost } from './apply/apply-host.js';
export { confirmHost, type RollbackOutcome, rollbackPending } from './apply/confirm.js';
export { type HostReadings, readHost } from './apply/host-readings.js';
export { type RemoveResult, removeHost } from './apply/remove-host.js';
export { type StatusReport, statusHasDrift, statusHost } from './verify/status-host.js';
export { type UplinkVerdict, type VerifyCheck, type VerifyReport, verifyHost } from './verify/verify-host.js';

/** What `plan` found: the validated config and the changes apply would make (reads only). */
export type PlanResult = { readonly config: Config; readonly changes: readonly Change[] };

/** The facts the config loader checks against, read from the host the runner reaches. */
export function hostFacts(state: HostState, ledger: Ledger | null): HostFacts {
  const previousTables = Object.fromEntries(
    (ledger?.config.uplinks ?? []).map((uplink) => [uplink.name, uplink.table]),
  );
  return { interfaces: state.interfaces, foreignTables: state.foreignTables, previousTables };
}

/**
 * Loads a config file against the host the runner reaches (its interfaces, foreign tables, earlier
 * ids). Pass `readings` (from `readHost`) to reuse them for the apply or remove that follows.
 */
export async function loadConfigFor(
  runner: CommandRunner,
  path: string,
  readings?: HostReadings,
): Promise<Config> {
  const { records, state } = readings ?? (await readHost(runner));
  return loadConfigFile(resolve(path), hostFacts(state, records.ledger));
}

/** The changes apply would make; accepts a config file path (loaded against this host) or a Config. */
export async function planHost(
  runner: CommandRunner,
  config: string | Config,
  readings?: HostReadings,
): Promise<PlanResult> {
  const { records, state } = readings ?? (await readHost(runner));
  const loaded =
    typeof config === 'string' ? loadConfigFile(resolve(config), hostFacts(state, records.ledger)) : config;
  return { config: loaded, changes: planChanges(loaded, state, records.ledger) };
}
