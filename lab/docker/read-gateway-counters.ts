import { MultihomeError } from '../../applier/errors.js';
import type { CommandRunner } from '../../applier/runner/command-runner.js';
import type { GatewayEvidence } from '../lab-types.js';
import { type GatewayCounters, parseCounters } from '../topology/evidence-counters.js';

/** Reads one ISP gateway's evidence counters (`nft -j list counters table inet lab`). */
export async function readGatewayCounters(
  runner: CommandRunner,
  counters: GatewayCounters,
): Promise<GatewayEvidence> {
  const result = await runner.run(['nft', '-j', 'list', 'counters', 'table', 'inet', 'lab']);
  if (result.exitCode !== 0) {
    throw new MultihomeError('LAB_FAILED', `${runner.where}: cannot read counters: ${result.stderr.trim()}`, {
      source: 'system',
    });
  }
  return parseCounters(result.stdout, counters);
}
