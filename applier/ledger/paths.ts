import { MultihomeError } from '../errors.js';
import type { CommandRunner } from '../runner/command-runner.js';
import { mustRun } from '../runner/must-run.js';

/** Kernel routing state is volatile, so the ledger lives under /run and dies with it. */
export const LEDGER_ROOT = '/run/multihome';

/** Directory of one namespace's ledger and pending rollbacks. */
export function ledgerDir(nsid: string): string {
  return `${LEDGER_ROOT}/${nsid}`;
}

/**
 * The argv that empties a dead namespace's ledger directory (whose inode this namespace reuses) and
 * deletes its table-names and protocol-name files, keeping `lock`: a run may hold it, and a new file would let a
 * second run in beside it.
 */
export function forgetDirArgv(nsid: string): string[] {
  const script =
    'cd -- "$1" 2>/dev/null && for f in * .[!.]*; do [ "$f" = lock ] || [ ! -e "$f" ] || rm -rf -- "$f"; done; rm -f -- "$2" "$3"';
  return ['sh', '-c', script, 'sh', ledgerDir(nsid), tableNamesPath(nsid), protosPath(nsid)];
}

/** One table-names file per namespace, so namespaces on one host never clobber each other's names. */
export function tableNamesPath(nsid: string): string {
  return `/etc/iproute2/rt_tables.d/multihome-${nsid}.conf`;
}

/**
 * The file that names protocol 77 `multihome` for `ip` output, one per namespace like the table
 * names: namespaces without an /etc/netns of their own share the host's /etc, and a file each means
 * every `remove` deletes exactly its own, whoever else still labels the same number.
 */
export function protosPath(nsid: string): string {
  return `/etc/iproute2/rt_protos.d/multihome-${nsid}.conf`;
}

/**
 * Identity of the network namespace the runner acts in (the inode of `/proc/self/ns/net`), read
 * through the runner so a netns or container gets its own ledger.
 */
export async function namespaceId(runner: CommandRunner): Promise<string> {
  const link = (await mustRun(runner, ['readlink', '/proc/self/ns/net'])).trim();
  const match = /^net:\[(\d+)\]/.exec(link);
  if (!match?.[1]) {
    throw new MultihomeError('STATE_CORRUPT', `${runner.where}: unexpected namespace id "${link}"`, {
      source: 'system',
    });
  }
  return match[1];
}
