import type { CommandRunner } from '../../applier/runner/command-runner.js';
import { LabError } from '../errors.js';
import type { GatewayEvidence } from '../lab-types.js';
import { type GatewayCounters, parseCounters } from '../topology/evidence-counters.js';
import { statusOf } from './prune-labs.js';

/**
 * Reads one ISP gateway's evidence counters (`nft -j list counters table inet lab`). A stopped
 * gateway (Docker refuses exec with 409) forwards nothing, so it reads as no packets: the
 * "gateway stopped" fault must still leave the other gateways observable.
 */
export async function readGatewayCounters(
  runner: CommandRunner,
  counters: GatewayCounters,
): Promise<GatewayEvidence> {
  const result = await runner
    .run(['nft', '-j', 'list', 'counters', 'table', 'inet', 'lab'])
    .catch((error: unknown) => {
      if (statusOf(error) === 409) return null;
      throw error;
    });
  if (result === null) return { isp: counters.isp, fromRouter: {}, spoofedDropped: 0 };
  if (result.exitCode !== 0) {
    throw new LabError('LAB_FAILED', `${runner.where}: cannot read counters: ${result.stderr.trim()}`, {
      source: 'system',
    });
  }
  return parseCounters(result.stdout, counters);
}
