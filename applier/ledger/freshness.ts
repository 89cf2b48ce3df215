import type { CommandRunner } from '../runner/command-runner.js';
import { mustRun } from '../runner/must-run.js';
import { forgetDirArgv, ledgerDir } from './paths.js';
import { readRemoteFile } from './remote-file.js';

/**
 * When the namespace was born (ctime of its nsfs inode, in ns). The kernel reuses namespace inodes,
 * so inode plus birth tells a namespace apart from an earlier one that left its ledger behind.
 */
export async function namespaceBirth(runner: CommandRunner): Promise<string> {
  const script = 'stat -L -c %.9Z /proc/self/ns/net 2>/dev/null || stat -L -c %Z /proc/self/ns/net';
  const argv = ['sh', '-c', script];
  return (await mustRun(runner, argv)).trim();
}

/**
 * Deletes a ledger directory left by a dead namespace whose inode this one reuses, so its ledger
 * and pending rollbacks are never applied here (its table-names file goes too). A directory without
 * a birth mark is kept. (The lock holder does the same, and writes the mark, when it takes the lock.)
 */
export async function forgetStaleLedger(runner: CommandRunner, nsid: string): Promise<void> {
  const recorded = await readRemoteFile(runner, `${ledgerDir(nsid)}/namespace-born`);
  if (recorded === null || recorded.trim() === (await namespaceBirth(runner))) return;
  await runner.run(forgetDirArgv(nsid));
}
