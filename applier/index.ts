/**
 * The applier as a library: `import { applyHost, LocalRunner } from 'multihome'`.
 *
 * Every function takes a {@link CommandRunner}, so the same code drives this host
 * ({@link LocalRunner}), a network namespace ({@link NamespaceRunner}) or a container
 * ({@link ContainerRunner}). Results are data; failures are {@link MultihomeError}s whose `source`
 * says who caused them (`user`: bad input, nothing changed; `system`: the host was put back).
 * Nothing here loads Docker libraries: the container runner only uses the container it is given.
 *
 * @example
 * ```ts
 * import { applyHost, loadConfigFor, LocalRunner } from 'multihome';
 * const runner = new LocalRunner();
 * const result = await applyHost(runner, await loadConfigFor(runner, '/etc/multihome.yaml'));
 * console.log(`${result.changes.length} changes`);
 * ```
 *
 * @packageDocumentation
 */

export { type ApplyOptions, type ApplyResult, applyHost } from './apply/apply-host.js';
export { confirmHost, type RollbackOutcome, rollbackPending } from './apply/confirm.js';
/** Finishes or undoes a run killed halfway and rolls back an expired `apply --confirm`, under the lock. */
export { type Recovery, settleUnfinished } from './apply/recover.js';
export { type RemoveResult, removeHost } from './apply/remove-host.js';
export type { Snapshot } from './apply/snapshot.js';
export type { TableFacts } from './config/assign-tables.js';
export { hostFacts, type LoadedConfig, loadConfigFor, loadConfigWithReadings } from './config/load-config.js';
export { type HostCheckOptions, parseConfig, parseConfigSyntax } from './config/parse-config.js';
export {
  CommandError,
  ConfigError,
  type ErrorCode,
  type ErrorSource,
  exitCodeFor,
  type Issue,
  MultihomeError,
} from './errors.js';
/** Output paths checked before anything is made, and a failed write as one sentence (exit 2 when the path is at fault). */
export { checkOutputDir, checkOutputFile, writeFailure } from './files/output-path.js';
/** Reads a user's input file: regular files of at most a mebibyte only, refused at once otherwise (exit 2). */
export { type InputKind, MAX_INPUT_BYTES, readInputText } from './files/read-input-text.js';
/** One output file written whole or not at all, its missing directories made (`--junit FILE`). */
export { writeOutputFile } from './files/write-all.js';
export type { Intent } from './ledger/intent-store.js';
export { DEFAULT_LOCK_WAIT_SECONDS, type NamespaceLock, withNamespaceLock } from './ledger/lock.js';
export type { NamespaceRecords } from './ledger/namespace-records.js';
export type { PendingEntry, PendingState } from './ledger/pending-store.js';
export type {
  AutoResolution,
  AutoWaiting,
  Config,
  Family,
  HealthCheck,
  HostFacts,
  LiveFacts,
  Uplink,
} from './model/config.js';
export type {
  Address,
  Change,
  ChangeKind,
  ChangeOf,
  HostState,
  Ledger,
  Nexthop,
  NftTable,
  Route,
  RouteChange,
  Rule,
  Sysctl,
  TableName,
} from './model/types.js';
export type { HealthView } from './plan/failover-order.js';
export { type PlanResult, planHost } from './plan/plan-host.js';
export type { Strangers } from './plan/strangers.js';
export {
  type Command,
  type CommandResult,
  type CommandRunner,
  type HeldCommand,
  type RunOptions,
  runList,
  type StreamingCommand,
} from './runner/command-runner.js';
export { ContainerRunner } from './runner/container-runner.js';
export { LocalRunner } from './runner/local-runner.js';
export { mustRun } from './runner/must-run.js';
export { NamespaceRunner } from './runner/namespace-runner.js';
export { type HostReadings, readHost } from './state/host-readings.js';
export type { Resolved } from './verify/route-get.js';
export { type StatusReport, statusHasDrift, statusHost } from './verify/status-host.js';
export { type UplinkVerdict, type VerifyCheck, type VerifyReport, verifyHost } from './verify/verify-host.js';
export type { HealthState } from './watch/health-state.js';
export type { LogEntry, LogKind } from './watch/watch-log.js';
export type { MainDefaultCheck, WatchReport } from './watch/watch-report.js';
export type { WatchState } from './watch/watch-state.js';
