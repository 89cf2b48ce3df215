import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { MultihomeError } from '../../applier/errors.js';
import { processStartTime } from '../../applier/process-alive.js';
import { LabError } from '../errors.js';
import { labNameTaken } from '../lab-names.js';
import { hubLines, planWiring } from '../runtime/hub-wiring.js';
import { guardLab } from '../runtime/signal-guard.js';
import type { NodeName, NodePlan, Topology } from '../topology/types.js';
import { NetnsLab } from './netns-lab.js';
import { sweepAbandonedLabs } from './netns-labs.js';
import { claimRecord, type NetnsLabRecord, writeRecord } from './netns-record.js';
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
 *
 * A signal never removes beside a step that is still making things (a copy into /etc/netns, a
 * holder entering its namespace, a node being configured): that step would make them again after
 * the removal, with no record left to find them by. The handler marks the start interrupted and
 * waits for it to settle; the start stops at its next step and removes what it made, and a start
 * that had already finished is removed by the handler.
 */
export async function startNetnsLab(input: StartNetnsLabInput): Promise<NetnsLab> {
  const state = { interrupted: false };
  let attempt: Promise<NetnsLab> | undefined;
  // Guarded from the first step on, so no signal finds the process between a step and its guard.
  const release = guardLab(async () => {
    state.interrupted = true;
    const lab = await attempt?.catch(() => undefined);
    if (lab !== undefined) await removeNetnsLab(lab.record);
  });
  try {
    attempt = bringUp(input, state);
    return await attempt;
  } catch (error) {
    // Interrupted: the signal handler exits 130/143 once the removal is done; settling here would race it.
    if (state.interrupted) await new Promise<never>(() => {});
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

async function bringUp(
  input: StartNetnsLabInput,
  state: { readonly interrupted: boolean },
): Promise<NetnsLab> {
  const began = performance.now();
  await sweepAbandonedLabs();
  if (input.artifactsDir === '/run' || input.artifactsDir.startsWith('/run/')) {
    throw new LabError(
      'USAGE',
      `artifacts directory ${input.artifactsDir}: a netns node has its own /run, so its captures cannot land there; choose another directory`,
      { source: 'user' },
    );
  }
  const planned = planRecord(input);
  const step = () => {
    if (state.interrupted)
      throw new LabError('LAB_FAILED', `lab ${input.name}: interrupted`, { source: 'system' });
  };
  // Outside the removal below: a name another start took meanwhile is that lab's, record and all.
  if (!(await claimRecord(planned))) throw labNameTaken('netns', input.name);
  try {
    step();
    await mkdir(input.artifactsDir, { recursive: true });
    const nodes = Object.keys(input.plans);
    await addNamespaces([planned.hub, ...nodes.map((node) => namespaceOf(planned, node))]);
    step();
    await settleAll(nodes.map((node) => nodeFiles(planned.name, node, namespaceOf(planned, node))));
    step();
    // The holders and the hub's wiring both settle before this step does, so nothing enters a
    // namespace after a removal.
    const holding = settleAll(nodes.map(async (node) => [node, await holdNode(planned, node)] as const));
    const wiring = wireHub(
      planned,
      hubLines(planned, nodes, (node) => namespaceOf(planned, node), true),
    );
    await Promise.allSettled([holding, wiring]);
    const holders = await holding;
    await wiring;
    const record: NetnsLabRecord = { ...planned, holders: Object.fromEntries(holders) };
    input.onProgress?.(`${nodes.length} namespaces, ${record.veths.length} veths`, performance.now() - began);
    step();
    await settleAll(nodes.map((node) => configureNetnsNode(record, input.plans, node)));
    step();
    const held: NetnsLabRecord = input.hold ? record : { ...record, owner: null, ownerStarted: null };
    await writeRecord(held);
    const lab = new NetnsLab(held, input.plans, input.hold);
    input.onProgress?.(`lab ${input.name} up (netns)`, performance.now() - began);
    return lab;
  } catch (error) {
    await removeNetnsLab(planned).catch(() => undefined);
    throw error;
  }
}

/** Promise.all that waits for every promise to settle before it rejects with the first failure. */
async function settleAll<T>(promises: readonly Promise<T>[]): Promise<T[]> {
  const outcomes = await Promise.allSettled(promises);
  const failed = outcomes.find((outcome) => outcome.status === 'rejected');
  if (failed !== undefined) throw failed.reason;
  return outcomes.map((outcome) => (outcome as PromiseFulfilledResult<T>).value);
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
    ownerStarted: processStartTime(process.pid) ?? null,
    hub: `${prefix}-hub`,
    namespaces,
    holders: {},
    ...planWiring(input.plans),
  };
}
