import type { CommandRunner } from '../runner/command-runner.js';
import { mustRun } from '../runner/must-run.js';
import { LEDGER_ROOT, ledgerDir, protosPath, tableNamesPath } from './paths.js';

// The inodes of every live network namespace (of every process, and the bind mounts of `ip netns`
// and Docker) in one `stat`, then the ledger directories whose id is none of them.
const SCRIPT = `live=$(stat -L -c %i /proc/[0-9]*/ns/net /run/netns/* /run/docker/netns/* 2>/dev/null | sort -u)
for d in "$1"/*/; do n=\${d%/}; n=\${n##*/}
  case $n in ''|*[!0-9]*) continue;; esac
  printf '%s\\n' "$live" | grep -qx -- "$n" || printf '%s\\n' "$n"
done; true`;

/**
 * The namespace ids under /run/multihome whose namespace is gone: it was deleted without
 * `multihome remove`, so its ledger (and its table and protocol names files) are left over. `status` lists them and
 * `remove --stale` clears them; nothing of a live namespace is ever listed.
 */
export async function deadLedgers(runner: CommandRunner): Promise<string[]> {
  const stdout = await mustRun(runner, ['sh', '-c', SCRIPT, 'sh', LEDGER_ROOT]);
  return stdout.split('\n').filter((line) => /^\d+$/.test(line));
}

/** Deletes the ledgers of gone namespaces (checked again now) with their table and protocol names files; returns their ids. */
export async function clearDeadLedgers(runner: CommandRunner): Promise<string[]> {
  const dead = await deadLedgers(runner);
  if (dead.length > 0) {
    await mustRun(runner, [
      'rm',
      '-rf',
      '--',
      ...dead.flatMap((id) => [ledgerDir(id), tableNamesPath(id), protosPath(id)]),
    ]);
  }
  return dead;
}
