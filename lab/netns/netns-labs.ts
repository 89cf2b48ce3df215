import { stillRuns } from '../../applier/process-alive.js';
import type { HeldLab, LabSummary } from '../lab-types.js';
import { nodePlans } from '../topology/node-plans.js';
import { namespaceInode } from './namespace-processes.js';
import { NetnsLab } from './netns-lab.js';
import { type NetnsLabRecord, readRecord, readRecords } from './netns-record.js';
import { recordedNamespaces, removeNetnsLab } from './remove-netns-lab.js';

/** Every netns lab on this host, from its record, for `lab ls`. */
export async function listNetnsLabs(): Promise<LabSummary[]> {
  return (await readRecords()).map((record) => ({
    name: record.name,
    runtime: 'netns',
    topology: record.topology.name,
    nodes: Object.keys(record.namespaces).sort(),
    running: Object.values(record.namespaces).filter((ns) => namespaceInode(ns) !== undefined).length,
    created: new Date(record.created),
  }));
}

/** The handle of a netns lab another process brought up, or undefined when there is none by that name. */
export async function attachNetnsLab(name: string): Promise<NetnsLab | undefined> {
  const record = await readRecord(name);
  return record === undefined ? undefined : new NetnsLab(record, nodePlans(record.topology), false);
}

/**
 * Removes every netns lab (or the one named) from its record, but for those a live process holds,
 * unless `all`; returns how many namespaces went, and the labs left alone.
 */
export async function pruneNetnsLabs(
  options: { name?: string; all?: boolean } = {},
): Promise<{ namespaces: number; held: HeldLab[] }> {
  const records = (await readRecords()).filter((r) => options.name === undefined || r.name === options.name);
  const held = options.all === true ? [] : records.flatMap(heldBy);
  const removed = records.filter((record) => !held.some((lab) => lab.name === record.name));
  await Promise.all(removed.map(removeNetnsLab));
  return {
    namespaces: removed.reduce((sum, record) => sum + recordedNamespaces(record).length, 0),
    held,
  };
}

/**
 * Removes labs whose guarding process died without taking them down (SIGKILL, a crash): their
 * record names an owner that no longer runs. Labs held for the CLI have no owner and stay.
 */
export async function sweepAbandonedLabs(): Promise<string[]> {
  const abandoned = (await readRecords()).filter(
    (record: NetnsLabRecord) => record.owner !== null && liveOwner(record) === undefined,
  );
  await Promise.all(abandoned.map(removeNetnsLab));
  return abandoned.map((record) => record.name);
}

/** The record's owner while it still runs (the same pid and start time); undefined otherwise. */
function liveOwner(record: NetnsLabRecord): number | undefined {
  const { owner, ownerStarted } = record;
  return owner !== null && stillRuns(owner, ownerStarted) ? owner : undefined;
}

/** The lab as `prune` leaves it, when a live owner holds it; nothing otherwise. */
function heldBy(record: NetnsLabRecord): HeldLab[] {
  const pid = liveOwner(record);
  return pid === undefined ? [] : [{ name: record.name, runtime: 'netns', pid }];
}
