import { CommandError } from '../errors.js';
import { type NamespaceRecords, recordsArgv, recordsFrom } from '../ledger/namespace-records.js';
import { protosPath, tableNamesPath } from '../ledger/paths.js';
import { filesFrom, READ_FILES_SCRIPT } from '../ledger/remote-file.js';
import type { HostState } from '../model/types.js';
import { type Command, type CommandResult, type CommandRunner, runList } from '../runner/command-runner.js';
import { newMarker } from '../runner/shell-text.js';
import { parseTableNames } from './parse-table-names.js';
import { hostStateFrom, STATE_READS } from './read-host-state.js';

/**
 * Everything a command reads before it plans: the kernel state and the namespace's records. Read
 * once at the start and passed along, so loading the config and applying it do not read twice.
 */
export type HostReadings = {
  readonly records: NamespaceRecords;
  readonly state: HostState;
  /** The files an apply's snapshot keeps (protocol name, table names), when read with the rest. */
  readonly files?: Readonly<Record<string, string | null>>;
};

/** The state and the files a snapshot keeps, as `stateReads` found them. */
export type StateReadings = {
  readonly state: HostState;
  readonly files: Readonly<Record<string, string | null>>;
};

// Both paths hold the namespace id: $6 when the caller knows it (an apply's read-back), else only
// the shell knows it, and one `stat` reads it.
const around = (path: (nsid: string) => string) => path('\n').split('\n') as [string, string];
const FILES_SCRIPT = `i=\${6:-$(stat -L -c %i /proc/self/ns/net)} && [ -n "$i" ] || exit 1; set -- "$1" "$2$i$3" "$4$i$5"; ${READ_FILES_SCRIPT}`;

function filesArgv(marker: string, nsid?: string): string[] {
  const known = nsid === undefined ? [] : [nsid];
  return ['sh', '-c', FILES_SCRIPT, 'sh', marker, ...around(protosPath), ...around(tableNamesPath), ...known];
}

/**
 * The reads of the kernel state (`STATE_READS`) and of the files a snapshot keeps, framed by
 * `marker`: the part of `readHost` that an apply runs again after its steps, in the same list
 * (with the namespace id `nsid` it already knows).
 */
export function stateReads(marker: string, nsid?: string): Command[] {
  return [{ argv: filesArgv(marker, nsid), mayFail: true }, ...STATE_READS];
}

/** The state and files from the results of `stateReads(marker)`, in the namespace `nsid`. */
export function stateReadingsFrom(
  where: string,
  results: readonly CommandResult[],
  marker: string,
  nsid: string,
): StateReadings {
  const [filesResult, ...stateResults] = results;
  const state = hostStateFrom(where, stateResults);
  if (filesResult === undefined) throw new TypeError('stateReadingsFrom: missing results');
  if (filesResult.exitCode !== 0) {
    throw new CommandError(filesArgv(marker), filesResult.exitCode, filesResult.stderr, where);
  }
  const files = filesFrom(filesResult.stdout, marker, [protosPath(nsid), tableNamesPath(nsid)]);
  return { state: { ...state, tableNames: parseTableNames(files[tableNamesPath(nsid)] ?? null) }, files };
}

/**
 * Reads the records, the state (`STATE_READS`, as `readHostState` does) and the files a snapshot
 * keeps as one list: one `sh` started from Node on the real runners instead of nine processes.
 */
export async function readHost(runner: CommandRunner): Promise<HostReadings> {
  const marker = newMarker();
  const [recordsResult, ...rest] = await runList(runner, [
    { argv: recordsArgv(marker), mayFail: true },
    ...stateReads(marker),
  ]);
  if (recordsResult === undefined) throw new TypeError('readHost: missing results');
  const records = await recordsFrom(runner, recordsResult, marker);
  const { state, files } = stateReadingsFrom(runner.where, rest, marker, records.nsid);
  if (!records.forgotStale) return { records, state, files };
  // A dead namespace's table-names file was deleted after it was read.
  const names = tableNamesPath(records.nsid);
  return { records, state: { ...state, tableNames: [] }, files: { ...files, [names]: null } };
}
