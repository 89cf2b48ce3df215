import { XMLBuilder } from 'fast-xml-parser';
import type { FlowRun, JudgedFlow } from './flow.js';
import { describeGateways, protocolLabel } from './flow.js';
import { describeExpected } from './flow-table.js';

/** One phase's judged runs, as JUnit renders them: a `<testsuite>` named after the phase. */
export type JunitPhase = { readonly name: string; readonly flows: readonly (FlowRun & JudgedFlow)[] };

/**
 * The test case name of a flow, unique within a phase: `isp2 tcp ipv4`, `isp2 forward tcp/8081→lan:web
 * ipv4`, or outbound `router→client:client1 via isp1 icmp ipv4` (`from <address>` when it names a source).
 */
export function flowCaseName(flow: FlowRun): string {
  const source = flow.spec.outbound?.source;
  const who =
    flow.from === undefined
      ? flow.uplink
      : `${flow.from}→${flow.to ?? '?'}${source === undefined ? '' : ` from ${source}`} via ${flow.uplink}`;
  return `${who} ${protocolLabel(flow)} ${flow.family}`;
}

/**
 * JUnit XML (the subset GitHub Actions, GitLab and Jenkins read): one testcase per flow and phase; a
 * failure's message says what was expected and seen, its body holds both observations.
 */
export function renderJunit(suite: string, phases: readonly JunitPhase[]): string {
  const count = (flows: readonly JudgedFlow[]) => flows.filter((f) => !f.pass).length;
  const all = phases.flatMap((p) => p.flows);
  const seconds = (ms: number) => (ms / 1000).toFixed(3);
  const document = {
    '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' },
    testsuites: {
      '@_name': suite,
      '@_tests': all.length,
      '@_failures': count(all),
      testsuite: phases.map((phase) => ({
        '@_name': `${suite}: ${phase.name}`,
        '@_tests': phase.flows.length,
        '@_failures': count(phase.flows),
        '@_errors': 0,
        '@_time': seconds(Math.max(0, ...phase.flows.map((f) => f.evidence.ms))),
        testcase: phase.flows.map((flow) => ({
          '@_classname': `multihome.${phase.name}`,
          '@_name': flowCaseName(flow),
          '@_time': seconds(flow.evidence.ms),
          ...(flow.pass
            ? {}
            : {
                failure: {
                  '@_type': 'FlowExpectation',
                  '@_message': `expected ${describeExpected(flow.expected)}; saw ${describeExpected({ ok: flow.ok, replyVia: flow.replyVia })}`,
                  '#text': evidenceText(flow),
                },
              }),
        })),
      })),
    },
  };
  const builder = new XMLBuilder({ ignoreAttributes: false, format: true, suppressEmptyNode: true });
  return builder.build(document) as string;
}

function evidenceText(flow: FlowRun): string {
  const spec = flow.spec;
  return [
    `flow: ${spec.client} → ${spec.target}${spec.port === undefined ? '' : `:${spec.port}`} (${flow.protocol}, ${flow.family})`,
    `client saw: ${flow.evidence.client}`,
    `gateways (this flow's packets from the router): ${describeGateways(flow.evidence.gateways)}`,
    `decided by: ${flow.evidence.decidedBy} after ${flow.evidence.ms} ms`,
  ].join('\n');
}
