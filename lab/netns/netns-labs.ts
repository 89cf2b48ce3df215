import { isAlive } from '../../applier/process-alive.js';
import type { LabSummary } from '../lab-types.js';
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

/** Removes every netns lab (or the one named) from its record; returns how many namespaces went. */
export async function pruneNetnsLabs(options: { name?: string } = {}): Promise<number> {
  const records = (await readRecords()).filter((r) => options.name === undefined || r.name === options.name);
  await Promise.all(records.map(removeNetnsLab));
  return records.reduce((sum, record) => sum + recordedNamespaces(record).length, 0);
}

/**
 * Removes labs whose guarding process died without taking them down (SIGKILL, a crash): their
 * record names an owner pid that no longer runs. Labs held for the CLI have no owner and stay.
 */
export async function sweepAbandonedLabs(): Promise<string[]> {
  const abandoned = (await readRecords()).filter(
    (record: NetnsLabRecord) => record.owner !== null && !isAlive(record.owner),
  );
  await Promise.all(abandoned.map(removeNetnsLab));
  return abandoned.map((record) => record.name);
}
