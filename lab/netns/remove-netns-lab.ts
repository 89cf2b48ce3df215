import { closeSync, fstatSync, openSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { killAllIn } from '../../applier/process-alive.js';
import { LocalRunner } from '../../applier/runner/local-runner.js';
import { LabError } from '../errors.js';
import { labDir, type NetnsLabRecord } from './netns-record.js';

/** `/etc/netns/<ns>`: `ip netns exec` binds its entries over /etc inside that namespace. */
export const netnsEtc = (namespace: string): string => `/etc/netns/${namespace}`;

/** Every namespace a record names: the hub and one per node. */
export function recordedNamespaces(record: NetnsLabRecord): string[] {
  return [record.hub, ...Object.values(record.namespaces)];
}

/**
 * Removes exactly what a record names: its namespaces with every process inside (their veths and
 * bridges go with them), their /etc/netns copies and the record.
 * Namespaces already gone are fine; pcaps in the artifacts directory stay.
 */
export async function removeNetnsLab(record: NetnsLabRecord): Promise<void> {
  const namespaces = recordedNamespaces(record);
  await removeNamespaces(namespaces);
  await Promise.all(namespaces.map((ns) => rm(netnsEtc(ns), { recursive: true, force: true })));
  await rm(labDir(record.name), { recursive: true, force: true });
}

/**
 * Deletes `namespaces` in one `ip -batch`, then kills everything still inside them. A process may
 * enter one while this runs (a node being configured when Ctrl-C came); once the names are gone
 * nothing enters by name any more, and the sweeps find what is inside by inode. Each namespace is
 * kept open here until then, so its inode cannot come round again as another namespace's.
 */
export async function removeNamespaces(namespaces: readonly string[]): Promise<void> {
  const open = namespaces.flatMap((ns) => {
    try {
      return [openSync(`/run/netns/${ns}`, 'r')];
    } catch {
      return []; // deleted already
    }
  });
  try {
    const inodes = new Set(open.map((fd) => fstatSync(fd).ino));
    const lines = namespaces.map((ns) => `netns delete ${ns}\n`).join('');
    const deleted = await new LocalRunner().run(['ip', '-force', '-batch', '-'], { input: lines });
    const alive = killAllIn(inodes);
    const failures = deleted.stderr
      .split('\n')
      .filter((line) => line.trim() !== '' && !/No such file|Command failed/.test(line));
    if (alive.length > 0 || failures.length > 0) {
      throw new LabError(
        'LAB_FAILED',
        `removing namespaces ${namespaces.join(', ')}: ${[...failures, ...(alive.length > 0 ? [`processes ${alive.join(' ')} did not exit`] : [])].join('; ')}`,
        { source: 'system' },
      );
    }
  } finally {
    for (const fd of open) closeSync(fd);
  }
}
