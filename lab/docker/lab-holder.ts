import type Docker from 'dockerode';
import { processStartTime, stillRuns } from '../../applier/process-alive.js';
import type { HeldLab } from '../lab-types.js';
import { HOLDER_LABEL, LAB_LABEL, labFilter } from './labels.js';

/** The holder label's value for a lab this process brings up: its pid and start time. */
export function holderLabel(): string {
  return JSON.stringify({ pid: process.pid, started: processStartTime(process.pid) ?? null });
}

/**
 * The Docker labs (every one, or the one named) whose holder still runs: a `multihome test` run, a
 * library `Lab.up`, a lab still coming up. A lab of an older version has no holder label: none.
 */
export async function heldDockerLabs(docker: Docker, name?: string): Promise<HeldLab[]> {
  const containers = await docker.listContainers({ all: true, filters: JSON.stringify(labFilter(name)) });
  const held = new Map<string, number>();
  for (const info of containers) {
    const lab = info.Labels[LAB_LABEL];
    const pid = liveHolder(info.Labels[HOLDER_LABEL]);
    if (lab !== undefined && pid !== undefined) held.set(lab, pid);
  }
  return [...held].map(([lab, pid]) => ({ name: lab, runtime: 'docker', pid }));
}

function liveHolder(label: string | undefined): number | undefined {
  try {
    const { pid, started } = JSON.parse(label ?? '{}') as { pid?: unknown; started?: unknown };
    if (typeof pid !== 'number' || !Number.isInteger(pid) || pid <= 0) return undefined;
    return stillRuns(pid, typeof started === 'string' ? started : null) ? pid : undefined;
  } catch {
    return undefined; // not ours to judge: treated as no holder, as in older versions
  }
}
