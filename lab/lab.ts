import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import type Docker from 'dockerode';
import type { PruneReport } from './docker/prune-labs.js';
import { LabError } from './errors.js';
import { LAB_RUNTIMES, type LabOptions, type LabSummary, type StartedLab } from './lab-types.js';
import { attachNetnsLab, listNetnsLabs, pruneNetnsLabs } from './netns/netns-labs.js';
import { startNetnsLab } from './netns/start-netns-lab.js';
import { chooseRuntime } from './runtime/choose-runtime.js';
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

/** What `prune` removed on both runtimes, and Docker networks the engine refused to remove. */
export type LabPruneReport = PruneReport & { readonly namespaces: number };

/** Labs: the internet around one multi-homed router, as Docker containers or network namespaces. */
export const Lab = {
  /** Brings a topology up; `await using lab = await Lab.up(topology)` removes it at scope exit. */
  async up(topology: Topology, options: LabUpOptions = {}): Promise<StartedLab> {
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
    if (runtime === 'netns') return startNetnsLab(common);
    // Loaded only here: a netns lab, like the applier, never needs the Docker libraries.
    const [{ connectDocker }, { ensureImage }, { startLab }] = await Promise.all([
      import('../docker/connect-docker.js'),
      import('../docker/ensure-image.js'),
      import('./docker/start-lab.js'),
    ]);
    const docker = options.docker ?? (await connectDocker());
    const image = options.image ?? (await ensureImage({ docker }));
    return startLab({ ...common, docker, image, routerMounts: options.routerMounts });
  },

  /**
   * The handle of a running lab, found by name (from any process): its netns record, else Docker
   * labels. A name neither has is a user error (exit 2) saying where it looked, also when no engine
   * answers: a mistyped name on a host without Docker is not a missing engine.
   */
  async attach(name: string, options: { docker?: Docker } = {}): Promise<StartedLab> {
    const netns = await attachNetnsLab(name);
    if (netns !== undefined) return netns;
    const engine = await docker(options.docker).catch((error: unknown) => {
      if (error instanceof LabError && error.code === 'DOCKER_UNAVAILABLE') return error;
      throw error;
    });
    if (engine instanceof LabError) throw labNotFound(name, engine);
    const { attachLab } = await import('./docker/attach-lab.js');
    const found = await attachLab(engine, name);
    if (found === undefined) throw labNotFound(name);
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
   * objects labelled `multihome.lab` (when an engine answers). Nothing else.
   */
  async prune(options: { docker?: Docker; name?: string } = {}): Promise<LabPruneReport> {
    const selector = options.name === undefined ? {} : { name: options.name };
    const namespaces = await pruneNetnsLabs(selector);
    const engine = await docker(options.docker).catch(() => undefined);
    if (engine === undefined) return { containers: 0, networks: 0, stuck: [], namespaces };
    const { pruneLabs } = await import('./docker/prune-labs.js');
    return { ...(await pruneLabs(engine, selector)), namespaces };
  },
};

// A given client is pinged too: an engine that does not answer is DOCKER_UNAVAILABLE either way.
async function docker(given: Docker | undefined): Promise<Docker> {
  const { connectDocker } = await import('../docker/connect-docker.js');
  return connectDocker(given === undefined ? {} : { docker: given });
}

/** The error for a name no lab has: which runtimes were searched, and why Docker's labs were not. */
function labNotFound(name: string, noEngine?: LabError): LabError {
  const where =
    noEngine === undefined
      ? 'neither the netns labs nor the Docker labs have that name'
      : `no netns lab has that name, and the Docker labs could not be searched (no engine answers: ${describeCause(noEngine.cause)})`;
  return new LabError('LAB_FAILED', `No lab named ${name}: ${where}; see \`multihome lab ls\`.`, {
    source: 'user',
    ...(noEngine === undefined ? {} : { cause: noEngine }),
  });
}

function describeCause(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}
