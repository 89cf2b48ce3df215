import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { MultihomeError } from '../../applier/errors.js';
import { LabError } from '../errors.js';
import { hubLines, planWiring } from '../runtime/hub-wiring.js';
import { guardLab } from '../runtime/signal-guard.js';
import type { NodeName, NodePlan, Topology } from '../topology/types.js';
import { NetnsLab } from './netns-lab.js';
import { sweepAbandonedLabs } from './netns-labs.js';
import { type NetnsLabRecord, readRecord, writeRecord } from './netns-record.js';
import { removeNetnsLab } from './remove-netns-lab.js';
import {
  addNamespaces,
  configureNetnsNode,
  holdNode,
  namespaceOf,
  nodeFiles,
  wireHub,
} from './wire-nodes.js';

/** What `startNetnsLab` needs, resolved. */
export type StartNetnsLabInput = {
  readonly name: string;
  readonly topology: Topology;
  readonly plans: Readonly<Record<NodeName, NodePlan>>;
  readonly artifactsDir: string;
  readonly capture: boolean;
  /** Keep the signal handlers until `down`; false leaves the lab running when the process ends. */
  readonly hold: boolean;
  readonly onProgress?: ((step: string, elapsedMs: number) => void) | undefined;
};

/** Every namespace of a lab starts `mhlab-<random>-`: unique per lab, and apart from other tools' names. */
export const NAMESPACE_PREFIX = 'mhlab-';

/**
 * Brings a lab up as network namespaces: the record first, then all namespaces in one `ip -batch`,
 * the hub's bridges and every veth in a second, then each node configured from its plan in
 * parallel. Any failure, or SIGINT/SIGTERM meanwhile, removes what the record names.
 */
export async function startNetnsLab(input: StartNetnsLabInput): Promise<NetnsLab> {
  const began = performance.now();
  await sweepAbandonedLabs();
  if ((await readRecord(input.name)) !== undefined) {
    throw new LabError('USAGE', `a netns lab named ${input.name} exists (see \`multihome lab ls\`)`, {
      source: 'user',
    });
  }
  if (input.artifactsDir === '/run' || input.artifactsDir.startsWith('/run/')) {
    throw new LabError(
      'USAGE',
      `artifacts directory ${input.artifactsDir}: a netns node has its own /run, so its captures cannot land there; choose another directory`,
      { source: 'user' },
    );
  }
  const planned = planRecord(input);
  await writeRecord(planned);
  let interrupted = false;
  // A holder being started when a signal comes may enter its namespace after removal looked for
  // processes there, and would then hold a namespace without a name: removal waits for them.
  let holding: Promise<unknown> = Promise.resolve();
  const release = guardLab(async () => {
    interrupted = true;
    await holding;
    return removeNetnsLab(planned);
  });
  try {
    await mkdir(input.artifactsDir, { recursive: true });
    const nodes = Object.keys(input.plans);
    await addNamespaces([planned.hub, ...nodes.map((node) => namespaceOf(planned, node))]);
    await Promise.all(nodes.map((node) => nodeFiles(planned.name, node, namespaceOf(planned, node))));
    if (interrupted) throw new LabError('LAB_FAILED', `lab ${input.name}: interrupted`, { source: 'system' });
    const holders = nodes.map(async (node) => [node, await holdNode(planned, node)] as const);
    holding = Promise.allSettled(holders);
    await wireHub(
      planned,
      hubLines(planned, nodes, (node) => namespaceOf(planned, node), true),
    );
    const record: NetnsLabRecord = { ...planned, holders: Object.fromEntries(await Promise.all(holders)) };
    input.onProgress?.(`${nodes.length} namespaces, ${record.veths.length} veths`, performance.now() - began);
    await Promise.all(nodes.map((node) => configureNetnsNode(record, input.plans, node)));
    if (interrupted) throw new LabError('LAB_FAILED', `lab ${input.name}: interrupted`, { source: 'system' });
    const held: NetnsLabRecord = { ...record, owner: input.hold ? process.pid : null };
    await writeRecord(held);
    const lab = new NetnsLab(held, input.plans, input.hold);
    input.onProgress?.(`lab ${input.name} up (netns)`, performance.now() - began);
    return lab;
  } catch (error) {
    // Interrupted: the signal handler is removing the lab and exits 130/143; settling here would race it.
    if (interrupted) await new Promise<never>(() => {});
    await holding;
    await removeNetnsLab(planned).catch(() => undefined);
    if (error instanceof MultihomeError) throw error;
    throw new LabError(
      'LAB_FAILED',
      `lab ${input.name}: ${error instanceof Error ? error.message : String(error)}`,
      { source: 'system', cause: error },
    );
  } finally {
    release();
  }
}

/** Names everything the lab will make, before it makes any of it. */
function planRecord(input: StartNetnsLabInput): NetnsLabRecord {
  const prefix = `${NAMESPACE_PREFIX}${randomBytes(4).toString('hex')}`;
  const nodes = Object.keys(input.plans);
  const namespaces = Object.fromEntries(
    nodes.map((node) => [node, `${prefix}-${node.replace(/[^a-zA-Z0-9_.-]/g, '-')}`]),
  );
  return {
    name: input.name,
    runtime: 'netns',
    topology: input.topology,
    artifactsDir: input.artifactsDir,
    capture: input.capture,
    created: new Date().toISOString(),
    owner: process.pid,
    hub: `${prefix}-hub`,
    namespaces,
    holders: {},
    ...planWiring(input.plans),
  };
}
