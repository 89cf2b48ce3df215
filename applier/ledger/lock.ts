import { posix } from 'node:path';
import { MultihomeError } from '../errors.js';
import type { CommandRunner } from '../runner/command-runner.js';
import { LEDGER_ROOT, protosPath, tableNamesPath } from './paths.js';

const TABLES_DIR = posix.dirname(tableNamesPath('0'));
const PROTOS_DIR = posix.dirname(protosPath('0'));

/** How long a run waits for another one holding the namespace's lock, unless `--wait` says otherwise. */
export const DEFAULT_LOCK_WAIT_SECONDS = 30;

/** Proof that the caller holds its namespace's lock: functions that need it take it, so nobody locks twice. */
export type NamespaceLock = {
  /** The namespace the lock is for (the inode of its `/proc/self/ns/net`), as the lock holder saw it. */
  readonly nsid: string;
};

const READY = 'multihome-lock-held';

// Run through the runner, so the lock lives where the state does (host, namespace or container).
// $1 state root, $2 seconds to wait, $3 who we are. The root and the namespace's directory must be
// real directories owned by root (a planted symlink or a user's directory is refused, exit 3). The
// lock is taken on fd 9; a lock file deleted meanwhile (remove deletes the directory as its last act)
// is detected by comparing inodes, and taken again on the new file. On timeout the holder is
// printed (exit 4). Once held, it clears what a dead namespace with this inode left (keeping the
// lock), sweeps temp files a killed run left ($4 rt_tables.d, $5 rt_protos.d) and writes the birth
// mark, so every later write is a plain one. Then it prints the namespace id and READY and waits on
// stdin: the lock goes when the caller closes it or dies, never by a Ctrl-C, a hangup or a SIGTERM
// sent to the caller's whole process group, which the caller defers until its transaction is over.
// Every apply runs it first, so it starts few processes: the clock is read only while the lock is
// busy, `rm` only when a temp file is left.
const SCRIPT = `r=$1; w=$2; who=$3; tables=$4; protos=$5
s=$(stat -L -c '%i %.9Z' /proc/self/ns/net 2>/dev/null || stat -L -c '%i %Z' /proc/self/ns/net) || exit 1
i=\${s%% *}; b=\${s#* }; d=$r/$i
mk() { if [ -L "$1" ]; then echo "$1 is a symbolic link" >&2; exit 3; fi
  [ -d "$1" ] || mkdir -m "$2" -- "$1" 2>/dev/null || [ -d "$1" ] || { echo "cannot create $1" >&2; exit 1; }
  [ -L "$1" ] && { echo "$1 is a symbolic link" >&2; exit 3; }; }
end=
while :; do
  mk "$r" 0755; mk "$d" 0700
  o=$(stat -c %u:%n -- "$r" "$d") || exit 1
  for p in $o; do [ "\${p%%:*}" = 0 ] || { echo "\${p#*:} is not owned by root" >&2; exit 3; }; done
  [ -L "$d/lock" ] && { echo "$d/lock is a symbolic link" >&2; exit 3; }
  exec 9>>"$d/lock" || exit 1
  flock -n 9 || { now=$(date +%s); end=\${end:-$((now + w))}; [ $((end - now)) -gt 0 ] && flock -w $((end - now)) 9; } || {
    h=; [ -f "$d/holder" ] && read -r h < "$d/holder"; printf '%s\\n' "$h"; exit 4; }
  set -- $(stat -L -c %d:%i /proc/self/fd/9 "$d/lock" 2>/dev/null)
  [ "$1" = "$2" ] && break
  exec 9>&-
done
o=; [ -f "$d/namespace-born" ] && read -r o < "$d/namespace-born"
if [ -n "$o" ] && [ "$o" != "$b" ]; then
  for f in "$d"/* "$d"/.[!.]*; do [ "\${f##*/}" = lock ] || [ ! -e "$f" ] || rm -rf -- "$f"; done
  rm -f -- "$tables/multihome-$i.conf" "$protos/multihome-$i.conf"
fi
set --
for f in "$d"/.*."$i".tmp-* "$tables"/.*."$i".tmp-* "$protos"/.*."$i".tmp-*; do [ -e "$f" ] || [ -L "$f" ] && set -- "$@" "$f"; done
[ $# -eq 0 ] || rm -f -- "$@"
[ "$o" = "$b" ] || { printf '%s\\n' "$b" > "$d/.namespace-born.$i.tmp-x" && mv -fT -- "$d/.namespace-born.$i.tmp-x" "$d/namespace-born"; } || exit 1
printf '%s\\n' "$who" > "$d/.holder.$i.tmp-x" && mv -fT -- "$d/.holder.$i.tmp-x" "$d/holder"
trap '' INT HUP TERM
printf '%s\\n${READY}\\n' "$i"
read -r _
exit 0`;

/** Who this process is, for a run that finds the lock taken: its PID and command line. */
function holderText(): string {
  const argv = process.argv.slice(2).join(' ');
  return `PID ${process.pid} (multihome ${argv})`.replaceAll('\n', ' ');
}

/**
 * Runs `work` holding the namespace's lock: an `flock` on `lock` in the namespace's state directory,
 * held by one process started through the runner (the same code locks a host, a namespace or a
 * container) that lives until `work` is done, or until this process dies. A second run waits up to
 * `waitSeconds`, then fails with LOCK_BUSY naming the holder's PID and command. apply, remove,
 * the `--confirm` rollback and watch all take it, from reading the host to writing the ledger.
 */
export async function withNamespaceLock<T>(
  runner: CommandRunner,
  work: (lock: NamespaceLock) => Promise<T>,
  options: { readonly waitSeconds?: number | undefined } = {},
): Promise<T> {
  const waitSeconds = options.waitSeconds ?? DEFAULT_LOCK_WAIT_SECONDS;
  const argv = [
    'sh',
    '-c',
    SCRIPT,
    'sh',
    LEDGER_ROOT,
    String(waitSeconds),
    holderText(),
    TABLES_DIR,
    PROTOS_DIR,
  ];
  const held = await runner.hold(argv, READY);
  if (!held.ready) throw lockFailure(runner.where, waitSeconds, held.result);
  const nsid = held.stdout.split('\n').at(-3)?.trim() ?? '';
  try {
    return await work({ nsid });
  } finally {
    await held.release();
  }
}

function lockFailure(
  where: string,
  waitSeconds: number,
  result: { readonly stdout: string; readonly stderr: string; readonly exitCode: number },
): MultihomeError {
  if (result.exitCode === 4) {
    const holder = result.stdout.trim() || 'a process that did not say who it is';
    return new MultihomeError(
      'LOCK_BUSY',
      `${where}: another multihome run holds this namespace's lock: ${holder}; waited ${waitSeconds} s (try again, or pass --wait SECONDS)`,
      { source: 'system' },
    );
  }
  const why = result.stderr.trim() || `exit ${result.exitCode}`;
  if (result.exitCode === 3) {
    return new MultihomeError(
      'STATE_CORRUPT',
      `${where}: refusing the state directory under ${LEDGER_ROOT}: ${why}; remove it and run again`,
      { source: 'system' },
    );
  }
  return new MultihomeError('STATE_CORRUPT', `${where}: cannot take the namespace's lock: ${why}`, {
    source: 'system',
  });
}
