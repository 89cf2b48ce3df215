import { CommandError } from '../errors.js';
import { type NamespaceRecords, recordsArgv, recordsFrom } from '../ledger/namespace-records.js';
import { PROTOS_PATH, tableNamesPath } from '../ledger/paths.js';
import { filesFrom, READ_FILES_SCRIPT } from '../ledger/remote-file.js';
import type { HostState } from '../model/types.js';
import { type CommandRunner, runList } from '../runner/command-runner.js';
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

// The table-names path holds the namespace id, which only the shell knows at that point.
const [NAMES_BEFORE, NAMES_AFTER] = tableNamesPath('\n').split('\n') as [string, string];
const FILES_SCRIPT = `i=$(stat -L -c %i /proc/self/ns/net) || exit 1; set -- "$1" "$2" "$3$i$4"; ${READ_FILES_SCRIPT}`;

/**
 * Reads the records, the state (`STATE_READS`, as `readHostState` does) and the files a snapshot
 * keeps as one list: one `sh` started from Node on the real runners instead of nine processes.
 */
export async function readHost(runner: CommandRunner): Promise<HostReadings> {
  const marker = newMarker();
  const filesArgv = ['sh', '-c', FILES_SCRIPT, 'sh', marker, PROTOS_PATH, NAMES_BEFORE, NAMES_AFTER];
  const [recordsResult, filesResult, ...stateResults] = await runList(runner, [
    { argv: recordsArgv(marker), mayFail: true },
    { argv: filesArgv, mayFail: true },
    ...STATE_READS,
  ]);
  if (recordsResult === undefined || filesResult === undefined)
    throw new TypeError('readHost: missing results');
  const records = await recordsFrom(runner, recordsResult, marker);
  const state = hostStateFrom(runner.where, stateResults);
  if (filesResult.exitCode !== 0) {
    throw new CommandError(filesArgv, filesResult.exitCode, filesResult.stderr, runner.where);
  }
  const names = tableNamesPath(records.nsid);
  const read = filesFrom(filesResult.stdout, marker, [PROTOS_PATH, names]);
  // A dead namespace's table-names file was deleted after it was read.
  const files = records.forgotStale ? { ...read, [names]: null } : read;
  return { records, state: { ...state, tableNames: parseTableNames(files[names] ?? null) }, files };
}
