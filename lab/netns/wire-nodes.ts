import { cp, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { LocalRunner } from '../../applier/runner/local-runner.js';
import { mustRun } from '../../applier/runner/must-run.js';
import { LabError } from '../errors.js';
import { configureLabNode } from '../runtime/configure-node.js';
import type { NodeName, NodePlan } from '../topology/types.js';
import { type NetnsLabRecord, nodeDir } from './netns-record.js';
import { type NodeHolder, startHolder } from './node-holder.js';
import { NetnsNodeRunner } from './node-runner.js';
import { netnsEtc } from './remove-netns-lab.js';

/** Adds namespaces in one `ip -batch` (a name taken already fails it). */
export async function addNamespaces(namespaces: readonly string[]): Promise<void> {
  const input = namespaces.map((ns) => `netns add ${ns}\n`).join('');
  await mustRun(new LocalRunner(), ['ip', '-batch', '-'], { input });
}

/**
 * Gives a node namespace what a container has of its own: a copy of /etc/iproute2 under
 * /etc/netns/<ns>/ (so table and protocol names the applier writes stay with it) and empty
 * directory for its /run.
 */
export async function nodeFiles(lab: string, node: NodeName, namespace: string): Promise<void> {
  await Promise.all([
    cp('/etc/iproute2', join(netnsEtc(namespace), 'iproute2'), {
      recursive: true,
      // A node starts as a host multihome never touched, whatever this host's copy holds. The dot
      // form is an applier's temp file (another namespace's apply renames it away mid-copy).
      filter: (source) => !/\/rt_(protos|tables)\.d\/\.?multihome[^/]*$/.test(source),
    }),
    mkdir(nodeDir(lab, node), { recursive: true }),
  ]);
}

/** Runs the hub's lines inside the hub (its IPv6 switched off first, after the shell of `first`). */
export async function wireHub(record: NetnsLabRecord, lines: string, first = ''): Promise<void> {
  const off = '/proc/sys/net/ipv6/conf';
  await mustRun(
    new LocalRunner(),
    [
      'ip',
      'netns',
      'exec',
      record.hub,
      'sh',
      '-c',
      `${first}echo 1 > ${off}/default/disable_ipv6 && echo 1 > ${off}/all/disable_ipv6 && exec ip -batch -`,
    ],
    { input: lines },
  );
}

/** Starts the holder of one node (its namespace and directory exist). */
export function holdNode(record: NetnsLabRecord, node: NodeName): Promise<NodeHolder> {
  return startHolder(namespaceOf(record, node), nodeDir(record.name, node));
}

/** The runner of one node of a netns lab; throws when its recorded holder is not the live one. */
export function nodeRunner(record: NetnsLabRecord, node: NodeName): NetnsNodeRunner {
  return new NetnsNodeRunner(record.name, node, namespaceOf(record, node), record.holders?.[node]);
}

/** Configures a wired node of a netns lab (it sees the artifacts directory where the host does). */
export function configureNetnsNode(
  record: NetnsLabRecord,
  plans: Readonly<Record<NodeName, NodePlan>>,
  node: NodeName,
  generation = 0,
): Promise<void> {
  const artifacts = { dirInNode: record.artifactsDir, dirOnHost: record.artifactsDir };
  const lab = {
    runtime: 'netns' as const,
    topology: record.topology,
    plans,
    capture: record.capture,
    artifacts,
  };
  return configureLabNode(nodeRunner(record, node), lab, node, generation);
}

/** The namespace of one node, or a user error naming the lab's nodes. */
export function namespaceOf(record: NetnsLabRecord, node: NodeName): string {
  const ns = record.namespaces[node];
  if (ns === undefined) {
    throw new LabError(
      'LAB_FAILED',
      `lab ${record.name} has no node ${node} (nodes: ${Object.keys(record.namespaces).join(', ')})`,
      { source: 'user' },
    );
  }
  return ns;
}
