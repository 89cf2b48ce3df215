import type { CommandRunner } from '../../applier/runner/command-runner.js';
import { LabError } from '../errors.js';
import type { GatewayEvidence } from '../lab-types.js';
import { type GatewayCounters, parseCounters } from '../topology/evidence-counters.js';

/**
 * Reads one ISP gateway's evidence counters (`nft -j list counters table inet lab`). A stopped
 * gateway forwards nothing, so it reads as no packets (`stopped` says how the runtime tells): the
 * "gateway stopped" fault must still leave the other gateways observable.
 */
export async function readGatewayCounters(
  runner: CommandRunner,
  counters: GatewayCounters,
  stopped: (error: unknown) => boolean = () => false,
): Promise<GatewayEvidence> {
  const result = await runner
    .run(['nft', '-j', 'list', 'counters', 'table', 'inet', 'lab'])
    .catch((error: unknown) => {
      if (stopped(error)) return null;
      throw error;
    });
  if (result === null) return noPackets(counters.isp);
  if (result.exitCode !== 0) {
    throw new LabError('LAB_FAILED', `${runner.where}: cannot read counters: ${result.stderr.trim()}`, {
      source: 'system',
    });
  }
  return parseCounters(result.stdout, counters);
}

/** What a stopped gateway shows: nothing forwarded, nothing dropped. */
export function noPackets(isp: string): GatewayEvidence {
  return { isp, fromRouter: {}, spoofedDropped: 0 };
}
