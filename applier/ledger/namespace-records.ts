import { CommandError, MultihomeError } from '../errors.js';
import type { Ledger } from '../model/types.js';
import type { CommandResult, CommandRunner } from '../runner/command-runner.js';
import { type Intent, intentPath, parseIntent } from './intent-store.js';
import { ledgerPath, parseLedger } from './ledger-store.js';
import { forgetDirArgv, LEDGER_ROOT } from './paths.js';
import { type PendingEntry, pendingEntries } from './pending-store.js';
import { filesFrom, READ_FILES_SCRIPT } from './remote-file.js';

/**
 * What a command needs to know about its namespace before it plans: the namespace's id and birth,
 * the birth recorded beside the ledger, the ledger and the pending records. Read once per command.
 */
export type NamespaceRecords = {
  readonly nsid: string;
  readonly birth: string;
  /** The birth mark of the ledger directory; null when there is none (or it was a dead namespace's). */
  readonly recordedBirth: string | null;
  readonly ledger: Ledger | null;
  /** An apply or remove that was killed halfway, to be undone (or completed) before anything else. */
  readonly intent: Intent | null;
  readonly pending: readonly PendingEntry[];
  /** Set when a dead namespace's ledger directory and table-names file were found here and deleted. */
  readonly forgotStale?: true;
};

// One `sh` with `stat` (id and birth at once) and one `cat` per record there (ledger, intent). The birth
// mark is read with the `read` builtin and the directory listed by a glob, so they cost no process.
const SCRIPT = [
  "s=$(stat -L -c '%i %.9Z' /proc/self/ns/net 2>/dev/null || stat -L -c '%i %Z' /proc/self/ns/net) || exit 1",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell parameter expansion, not a template
  'd="$1/${s%% *}"',
  'printf \'%s\\n\' "$s"',
  'if [ -e "$d/namespace-born" ]; then b=; read -r b < "$d/namespace-born"; printf \'B%s\\n\' "$b"; fi',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell parameter expansion, not a template
  'for f in "$d"/*; do [ -e "$f" ] && printf \'N%s\\n\' "${f##*/}"; done',
  "printf '\\036\\n'",
  `set -- "$2" "$d/ledger.json" "$d/intent.json"; ${READ_FILES_SCRIPT}`,
].join('\n');

/** The argv that prints the namespace's records (framed by `marker`), for `recordsFrom` to read. */
export function recordsArgv(marker: string): string[] {
  return ['sh', '-c', SCRIPT, 'sh', LEDGER_ROOT, marker];
}

/**
 * The records from the output of `RECORDS_ARGV`. A ledger directory left by a dead namespace whose
 * inode this one reuses is deleted (with its table-names file) and reads as empty, as
 * `forgetStaleLedger` does.
 */
export async function recordsFrom(
  runner: CommandRunner,
  result: CommandResult,
  marker: string,
): Promise<NamespaceRecords> {
  const argv = recordsArgv(marker);
  if (result.exitCode !== 0) throw new CommandError(argv, result.exitCode, result.stderr, runner.where);
  const split = result.stdout.indexOf('\n\u001e\n');
  const head = (split === -1 ? result.stdout : result.stdout.slice(0, split)).split('\n');
  const [nsid = '', birth = ''] = (head[0] ?? '').trim().split(' ');
  if (!/^\d+$/.test(nsid) || birth === '') {
    throw new MultihomeError('STATE_CORRUPT', `${runner.where}: unexpected namespace identity "${head[0]}"`, {
      source: 'system',
    });
  }
  const recorded =
    head
      .find((line) => line.startsWith('B'))
      ?.slice(1)
      .trim() ?? null;
  if (recorded !== null && recorded !== birth) {
    await runner.run(forgetDirArgv(nsid));
    return { nsid, birth, recordedBirth: null, ledger: null, intent: null, pending: [], forgotStale: true };
  }
  const names = head.flatMap((line) => (line.startsWith('N') ? [line.slice(1)] : []));
  const ledgerAt = ledgerPath(nsid);
  const intentAt = intentPath(nsid);
  const files = filesFrom(split === -1 ? '' : result.stdout.slice(split + 3), marker, [ledgerAt, intentAt]);
  const ledgerText = files[ledgerAt];
  const intentText = files[intentAt];
  return {
    nsid,
    birth,
    recordedBirth: recorded,
    ledger: ledgerText == null ? null : parseLedger(ledgerText, ledgerAt, runner.where),
    intent: intentText == null ? null : parseIntent(intentText, intentAt, runner.where),
    pending: pendingEntries(names),
  };
}
