import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ledgerDir, PROTOS_PATH, tableNamesPath } from '../ledger/paths.js';

/**
 * The files multihome keeps for the namespace this process runs in, the host's own: its ledger
 * directory, its table names and the protocol's name. Tests apply only inside namespaces and
 * containers, each with its own /etc (`/etc/netns/<name>/`), so none of these may appear on the host.
 */
export function hostMultihomeFiles(): string[] {
  const inode = String(statSync('/proc/self/ns/net').ino);
  const tables = dirname(tableNamesPath(inode));
  return [
    ...[ledgerDir(inode), PROTOS_PATH].filter((path) => existsSync(path)),
    ...readdirOrNone(tables)
      .filter((name) => name.startsWith('multihome'))
      .map((name) => join(tables, name)),
  ].sort();
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
