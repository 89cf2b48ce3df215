import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ledgerDir, protosPath, tableNamesPath } from '../ledger/paths.js';

/**
 * The files multihome keeps for the namespace this process runs in, the host's own: its ledger
 * directory, its table names and the protocol's name. Tests apply only inside namespaces and
 * containers, each with its own /etc (`/etc/netns/<name>/`), so none of these may appear on the host.
 */
export function hostMultihomeFiles(): string[] {
  const inode = String(statSync('/proc/self/ns/net').ino);
  const names = [dirname(tableNamesPath(inode)), dirname(protosPath(inode))].flatMap((dir) =>
    readdirOrNone(dir)
      .filter((name) => name.startsWith('multihome'))
      .map((name) => join(dir, name)),
  );
  return [...[ledgerDir(inode)].filter((path) => existsSync(path)), ...names].sort();
}

/**
 * A vitest global setup's teardown that fails the run when the tests left multihome files on the
 * host that were not there before: a test whose applier wrote outside its namespace.
 */
export function guardHostFiles(): () => void {
  const before = new Set(hostMultihomeFiles());
  return () => {
    const added = hostMultihomeFiles().filter((path) => !before.has(path));
    if (added.length > 0) {
      throw new Error(
        `the tests left multihome files on the host, outside every namespace: ${added.join(', ')}`,
      );
    }
  };
}

function readdirOrNone(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
