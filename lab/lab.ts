import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import type Docker from 'dockerode';
import type { PruneReport } from './docker/prune-labs.js';
import { LabError } from './errors.js';
import { labNameAmbiguous, labNotFound, refuseDockerName, refuseNetnsName } from './lab-names.js';
import {
  type HeldLab,
  LAB_RUNTIMES,
  type LabOptions,
  type LabRuntime,
  type LabSummary,
  type StartedLab,
} from './lab-types.js';
import { attachNetnsLab, listNetnsLabs, pruneNetnsLabs } from './netns/netns-labs.js';
import { startNetnsLab } from './netns/start-netns-lab.js';
import { chooseRuntime } from './runtime/choose-runtime.js';
import { holdSignals } from './runtime/signal-guard.js';
import { nodePlans } from './topology/node-plans.js';
import type { Topology } from './topology/types.js';

/** Options only the lab's own callers (CLI, bench, tests) need, beyond the shared LabOptions contract. */
export type LabUpOptions = LabOptions & {
  /** An engine client (default: connectDocker()); Docker runtime only. */
  readonly docker?: Docker;
  /** The node image (default: ensureImage(), built once if missing); Docker runtime only. */
  readonly image?: string;
  /**
   * Keep SIGINT/SIGTERM handlers that remove the lab until `down` (default true). The CLI's `lab up`
   * passes false: its lab outlives the process, and later commands find it by name.
   */
  readonly hold?: boolean;
};

/**
 * What `prune` removed on both runtimes, Docker networks the engine refused to remove, and the labs
 * it left alone because a live process holds them.
 */
export type LabPruneReport = PruneReport & { readonly namespaces: number; readonly held: readonly HeldLab[] };

/** Labs: the internet around one multi-homed router, as Docker containers or network namespaces. */
export const Lab = {
  /**
   * Brings a topology up; `await using lab = await Lab.up(topology)` removes it at scope exit. A
   * name a lab on either runtime has is refused (exit 2) before anything is made.
   */
  async up(topology: Topology, options: LabUpOptions = {}): Promise<StartedLab> {
    // Until the runtime's start guards the lab it makes, a signal must still end the process.
    const release = holdSignals();
    try {
      return await startOn(topology, options);
    } finally {
      release();
    }
  },

  /**
   * The handle of a running lab, found by name (from any process): its netns record, or Docker
   * labels; only the runtime given, with `runtime`. A name no lab has is a user error (exit 2)
   * saying where it looked, and so is a name both runtimes have (`labNameAmbiguous`).
   */
  async attach(name: string, options: { docker?: Docker; runtime?: LabRuntime } = {}): Promise<StartedLab> {
    const netns = options.runtime === 'docker' ? undefined : await attachNetnsLab(name);
    const onDocker = options.runtime === 'netns' ? {} : await attachDockerLab(name, options.docker);
    if (netns !== undefined && onDocker.lab !== undefined) throw labNameAmbiguous(name);
    const found = netns ?? onDocker.lab;
    if (found === undefined) throw labNotFound(name, options.runtime, onDocker.noEngine);
    return found;
  },

  /** Every lab on this host: netns labs from their records, and Docker's when an engine answers. */
  async list(options: { docker?: Docker } = {}): Promise<LabSummary[]> {
    const { listLabs } = await import('./docker/attach-lab.js');
    const engine = await docker(options.docker).catch(() => undefined);
    return [...(await listNetnsLabs()), ...(engine === undefined ? [] : await listLabs(engine))];
  },

  /**
   * Removes every lab's objects, or one lab's: the namespaces netns records name, and the Docker
   * objects labelled `multihome.lab` (when an engine answers). Nothing else, and no lab a live
   * process holds (its netns owner, its Docker holder label), unless `all`: on a shared host another
   * `multihome test` or library `Lab.up` may be using it. A lab `lab up` left running has no holder.
   */
  async prune(options: { docker?: Docker; name?: string; all?: boolean } = {}): Promise<LabPruneReport> {
    const selector = options.name === undefined ? {} : { name: options.name };
    const all = options.all === true;
    const netns = await pruneNetnsLabs({ ...selector, all });
    const engine = await docker(options.docker).catch(() => undefined);
    if (engine === undefined) return { containers: 0, networks: 0, stuck: [], ...netns };
    const [{ pruneLabs }, { heldDockerLabs }] = await Promise.all([
      import('./docker/prune-labs.js'),
      import('./docker/lab-holder.js'),
    ]);
    const held = all ? [] : await heldDockerLabs(engine, options.name);
    const except = new Set(held.map((lab) => lab.name));
    const report = await pruneLabs(engine, { ...selector, except });
    return { ...report, namespaces: netns.namespaces, held: [...netns.held, ...held] };
  },
};

// A given client is pinged too: an engine that does not answer is DOCKER_UNAVAILABLE either way.
async function docker(given: Docker | undefined): Promise<Docker> {
  const { connectDocker } = await import('../docker/connect-docker.js');
  return connectDocker(given === undefined ? {} : { docker: given });
}

/** The Docker lab of this name, if any, or why the engine could not be asked. */
async function attachDockerLab(
  name: string,
  given: Docker | undefined,
): Promise<{ lab?: StartedLab; noEngine?: LabError }> {
  const engine = await docker(given).catch((error: unknown) => {
    if (error instanceof LabError && error.code === 'DOCKER_UNAVAILABLE') return error;
    throw error;
  });
  if (engine instanceof LabError) return { noEngine: engine };
  const { attachLab } = await import('./docker/attach-lab.js');
  const lab = await attachLab(engine, name);
  return lab === undefined ? {} : { lab };
}

/** `Lab.up` once its signals are held: checks the name and runtime, then starts on that runtime. */
async function startOn(topology: Topology, options: LabUpOptions): Promise<StartedLab> {
  const plans = nodePlans(topology);
  const name = options.name ?? `${topology.name}-${randomBytes(3).toString('hex')}`;
  if (!/^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,40}$/.test(name)) {
    throw new LabError(
      'USAGE',
      `lab name ${JSON.stringify(name)}: use letters, digits, '_', '.', '-' (at most 41)`,
      { source: 'user' },
    );
  }
  const runtime = options.runtime ?? (await chooseRuntime()).runtime;
  if (!LAB_RUNTIMES.includes(runtime)) {
    throw new LabError('USAGE', `runtime ${JSON.stringify(runtime)}: use ${LAB_RUNTIMES.join(' or ')}`, {
      source: 'user',
    });
  }
  const common = {
    name,
    topology,
    plans,
    artifactsDir: resolve(options.artifactsDir ?? `artifacts/${name}`),
    capture: options.capture ?? true,
    hold: options.hold ?? true,
    onProgress: options.onProgress,
  };
  if (runtime === 'netns') {
    // The netns start checks its own records, once it has swept the abandoned ones.
    await refuseDockerName(name, await docker(options.docker).catch(() => undefined));
    return startNetnsLab(common);
  }
  await refuseNetnsName(name);
  // Loaded only here: a netns lab, like the applier, needs none of them (it asks an engine, when
  // one answers, only whether a Docker lab has its name).
  const [{ connectDocker }, { ensureImage }, { startLab }] = await Promise.all([
    import('../docker/connect-docker.js'),
    import('../docker/ensure-image.js'),
    import('./docker/start-lab.js'),
  ]);
  const engine = options.docker ?? (await connectDocker());
  await refuseDockerName(name, engine);
  const image = options.image ?? (await ensureImage({ docker: engine }));
  return startLab({ ...common, docker: engine, image, routerMounts: options.routerMounts });
}
