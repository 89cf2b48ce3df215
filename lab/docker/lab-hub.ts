import type Docker from 'dockerode';
import { ContainerRunner } from '../../applier/runner/container-runner.js';
import { LabError } from '../errors.js';
import { type HubWiring, hubLines, untilOldPeersGone } from '../runtime/hub-wiring.js';
import type { NodeName } from '../topology/types.js';

/**
 * Wires nodes from the lab's hub container in one `ip -batch` exec: the bridges (at `up`), then each
 * given node's veths, created inside the network namespace of the node's container by its host PID.
 * Without the bridges (a node started again) it first waits for the node's old veths to go.
 */
export async function wireFromHub(
  hub: Docker.Container,
  lab: string,
  wiring: HubWiring,
  pids: ReadonlyMap<NodeName, number>,
  withBridges: boolean,
): Promise<void> {
  const nodes = [...pids.keys()];
  const lines = hubLines(wiring, nodes, (node) => String(pids.get(node)), withBridges);
  const first = withBridges ? '' : nodes.map((node) => untilOldPeersGone(wiring, node)).join('');
  const argv = first === '' ? ['ip', '-batch', '-'] : ['sh', '-c', `${first}exec ip -batch -`];
  const result = await new ContainerRunner(hub, `${lab}/hub`).run(argv, { input: lines });
  if (result.exitCode !== 0) {
    throw new LabError('LAB_FAILED', `lab ${lab}: wiring from the hub failed: ${result.stderr.trim()}`, {
      source: 'system',
    });
  }
}
