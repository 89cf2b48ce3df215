import { randomBytes } from 'node:crypto';
import { link, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { HubWiring } from '../runtime/hub-wiring.js';
import type { NodeName, Topology } from '../topology/types.js';
import type { NodeHolder } from './node-holder.js';

/** Where every netns lab records what it made, one directory per lab name. */
export const NETNS_LABS_DIR = '/run/multihome-lab';

/**
 * Everything a netns lab made, written before it makes it: `lab ls`, `lab down`, `lab prune` and a
 * later process's `Lab.attach` read it, and touch nothing it does not name.
 */
export type NetnsLabRecord = HubWiring & {
  readonly name: string;
  readonly runtime: 'netns';
  readonly topology: Topology;
  readonly artifactsDir: string;
  readonly capture: boolean;
  readonly created: string;
  /**
   * The process whose exit must take the lab with it (one bringing it up, or guarding it until
   * `down`), or null for a lab left running (`lab up`, `keep()`); `lab prune` leaves a lab alone
   * while its owner runs.
   */
  readonly owner: number | null;
  /** The owner's start time (`processStartTime`), so a reused pid is not taken for it; absent in older records. */
  readonly ownerStarted?: string | null;
  /** The namespace holding one bridge per segment; nothing of the lab lives in the host's namespace. */
  readonly hub: string;
  readonly namespaces: Readonly<Record<NodeName, string>>;
  /** Per node, the process whose namespaces its commands enter; a stopped gateway keeps its last. */
  readonly holders: Readonly<Record<NodeName, NodeHolder>>;
};

/** The lab's directory: `lab.json`, and per node the directory it sees as /run. */
export const labDir = (name: string): string => join(NETNS_LABS_DIR, name);

/** A node's directory; inside the node it is /run. */
export const nodeDir = (lab: string, node: NodeName): string =>
  join(labDir(lab), 'nodes', node.replace(/[^a-zA-Z0-9_.-]/g, '-'));

const recordText = (record: NetnsLabRecord): string => `${JSON.stringify(record, null, 2)}\n`;

/** Writes the record atomically (beside, then rename), so a reader never sees half of it. */
export async function writeRecord(record: NetnsLabRecord): Promise<void> {
  await mkdir(labDir(record.name), { recursive: true });
  const file = join(labDir(record.name), 'lab.json');
  await writeFile(`${file}.tmp`, recordText(record));
  await rename(`${file}.tmp`, file);
}

/**
 * Writes a new lab's first record unless a record of that name exists, and says whether it did: the
 * record is written whole under a name of this run's own, then linked into place, which fails when
 * `lab.json` is there. Two `lab up`s of one name racing past their checks: exactly one gets it.
 */
export async function claimRecord(record: NetnsLabRecord): Promise<boolean> {
  await mkdir(labDir(record.name), { recursive: true });
  const file = join(labDir(record.name), 'lab.json');
  const mine = `${file}.claim-${process.pid}-${randomBytes(3).toString('hex')}`;
  await writeFile(mine, recordText(record));
  try {
    await link(mine, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    await rm(mine, { force: true });
  }
}

/**
 * The record of one lab, or undefined when no netns lab has that name. A process killed between
 * writing its first record and renaming it into place left only `lab.json.tmp`; that one counts,
 * so its lab is listed, swept and removed like any other.
 */
export async function readRecord(name: string): Promise<NetnsLabRecord | undefined> {
  for (const file of ['lab.json', 'lab.json.tmp']) {
    try {
      return JSON.parse(await readFile(join(labDir(name), file), 'utf8')) as NetnsLabRecord;
    } catch {
      // absent, or cut short by the kill: try the next
    }
  }
  return undefined;
}

/** Every netns lab's record. */
export async function readRecords(): Promise<NetnsLabRecord[]> {
  const names = await readdir(NETNS_LABS_DIR).catch(() => [] as string[]);
  const records = await Promise.all(names.map(readRecord));
  return records.filter((record): record is NetnsLabRecord => record !== undefined);
}
