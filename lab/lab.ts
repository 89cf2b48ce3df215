import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import type Docker from 'dockerode';
import { connectDocker } from '../docker/connect-docker.js';
import { ensureImage } from '../docker/ensure-image.js';
import { attachLab, type LabSummary, listLabs } from './docker/attach-lab.js';
import { type PruneReport, pruneLabs } from './docker/prune-labs.js';
import { startLab } from './docker/start-lab.js';
import { LabError } from './errors.js';
import type { LabOptions, StartedLab } from './lab-types.js';
import { nodePlans } from './topology/node-plans.js';
import type { Topology } from './topology/types.js';

/** Options only the lab's own callers (CLI, bench, tests) need, beyond the shared LabOptions contract. */
export type LabUpOptions = LabOptions & {
  /** An engine client (default: connectDocker()). */
  readonly docker?: Docker;
  /** The node image (default: ensureImage(), built once if missing). */
  readonly image?: string;
  /**
   * Keep SIGINT/SIGTERM handlers that remove the lab until `down` (default true). The CLI's `lab up`
   * passes false: its lab outlives the process, and later commands find it by name.
   */
  readonly hold?: boolean;
};

/** Docker labs: the internet around one multi-homed router, as containers. */
export const Lab = {
  /** Brings a topology up; `await using lab = await Lab.up(topology)` removes it at scope exit. */
  async up(topology: Topology, options: LabUpOptions = {}): Promise<StartedLab> {
    const plans = nodePlans(topology);
    const name = options.name ?? `${topology.name}-${randomBytes(3).toString('hex')}`;
    if (!/^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,40}$/.test(name)) {
      throw new LabError(
        'USAGE',
        `lab name ${JSON.stringify(name)}: use letters, digits, '_', '.', '-' (at most 41)`,
        {
          source: 'user',
        },
      );
    }
    const docker = options.docker ?? (await connectDocker());
    const image = options.image ?? (await ensureImage({ docker }));
    return startLab({
      docker,
      image,
      name,
      topology,
      plans,
      artifactsDir: resolve(options.artifactsDir ?? `artifacts/${name}`),
      capture: options.capture ?? true,
      hold: options.hold ?? true,
      onProgress: options.onProgress,
      routerMounts: options.routerMounts,
    });
  },

  /** The handle of a running lab, found by name (from any process). */
  async attach(name: string, options: { docker?: Docker } = {}): Promise<StartedLab> {
    return attachLab(options.docker ?? (await connectDocker()), name);
  },

  /** Every lab on the engine. */
  async list(options: { docker?: Docker } = {}): Promise<LabSummary[]> {
    return listLabs(options.docker ?? (await connectDocker()));
  },

  /** Removes every lab's objects, or one lab's; only objects labelled `multihome.lab`. */
  async prune(options: { docker?: Docker; name?: string } = {}): Promise<PruneReport> {
    const docker = options.docker ?? (await connectDocker());
    return pruneLabs(docker, options.name === undefined ? {} : { name: options.name });
  },
};

export { pruneLabs };
