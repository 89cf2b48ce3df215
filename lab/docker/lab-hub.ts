import type Docker from 'dockerode';
import { ContainerRunner } from '../../applier/runner/container-runner.js';
import { LabError } from '../errors.js';
import { type HubWiring, hubLines } from '../runtime/hub-wiring.js';
import type { NodeName } from '../topology/types.js';

/**
 * Wires nodes from the lab's hub container in one `ip -batch` exec: the bridges (at `up`), then each
 * given node's veths, created inside the network namespace of the node's container by its host PID.
 */
export async function wireFromHub(
  hub: Docker.Container,
  lab: string,
  wiring: HubWiring,
  pids: ReadonlyMap<NodeName, number>,
  withBridges: boolean,
): Promise<void> {
  const lines = hubLines(wiring, [...pids.keys()], (node) => String(pids.get(node)), withBridges);
  const result = await new ContainerRunner(hub, `${lab}/hub`).run(['ip', '-batch', '-'], { input: lines });
  if (result.exitCode !== 0) {
    throw new LabError('LAB_FAILED', `lab ${lab}: wiring from the hub failed: ${result.stderr.trim()}`, {
      source: 'system',
    });
  }
}
