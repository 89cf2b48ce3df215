import { randomBytes } from 'node:crypto';
import type { StartedLab } from '../../lab/index.js';
import type { FlowRun, FlowSpec } from './flow.js';
import { PROBE_WAIT_SECONDS, probeFor } from './probe-command.js';
import { describeGateways, replyVia } from './reply-via.js';
import { settleHandshakes } from './settle.js';

/**
 * Runs flows one at a time, each inside its own `observe` window, so the gateway counters of one
 * window belong to exactly one flow; half-open handshakes are settled before and between them.
 */
export async function runFlows(lab: StartedLab, specs: readonly FlowSpec[]): Promise<FlowRun[]> {
  await settleHandshakes(lab);
  const runs: FlowRun[] = [];
  for (const spec of specs) {
    const run = await runFlow(lab, spec);
    runs.push(run);
    // A failed handshake keeps retransmitting its SYN-ACK into the next flows' windows.
    if (!run.ok && (spec.protocol === 'tcp' || spec.protocol === 'forward')) await settleHandshakes(lab);
  }
  return runs;
}

/** Runs one flow from its client and reads which gateway carried the router's reply. */
export async function runFlow(lab: StartedLab, spec: FlowSpec): Promise<FlowRun> {
  const token = `mh-${spec.uplink}-${spec.protocol}-${randomBytes(4).toString('hex')}`;
  const probe = probeFor(spec, token);
  const { result, evidence } = await lab.observe(() =>
    lab.exec(spec.client, probe.argv, { timeoutMs: (PROBE_WAIT_SECONDS + 8) * 1000 }),
  );
  const ok = probe.succeeded(result);
  const output = `${result.stdout}${result.stderr}`.trim().replace(/\s+/g, ' ');
  return {
    uplink: spec.uplink,
    protocol: spec.protocol,
    ok,
    replyVia: replyVia(evidence),
    spec,
    detail: `exit ${result.exitCode}${output ? `: ${output.slice(0, 120)}` : ''}`,
    gateways: describeGateways(evidence),
  };
}
