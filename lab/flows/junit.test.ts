import { readFileSync } from 'node:fs';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { defaultTopology } from '../topology/default-topology.js';
import { parseTopology } from '../topology/load-topology.js';
import { judgeFlows } from './expectations.js';
import { type FlowRun, type FlowSpec, familyName } from './flow.js';
import { judgedFlowJson } from './flow-json.js';
import { flowMatrix } from './flow-matrix.js';
import { flowSpecs } from './flow-specs.js';
import { flowCaseName, renderJunit } from './junit.js';

const topology = defaultTopology();

// Runs as runFlows returns them: isp1 answered via isp1, isp2's reply dropped at isp1 (the bug).
const runs: FlowRun[] = flowSpecs(topology, { protocols: ['tcp'], uplinks: ['isp1', 'isp2'] }).map((spec) => {
  const right = spec.uplink === 'isp1';
  return {
    uplink: spec.uplink,
    protocol: spec.protocol,
    family: 'ipv4',
    ok: right,
    replyVia: 'isp1',
    spec,
    evidence: {
      client: right ? 'exit 0: mh-isp1-tcp-1' : 'not waited for: its reply was dropped after 120 ms <&>',
      gateways: [
        { isp: 'isp1', forwarded: right ? 4 : 0, spoofed: right ? 0 : 2 },
        { isp: 'isp2', forwarded: 0, spoofed: 0 },
      ],
      decidedBy: right ? 'answer' : 'drop',
      ms: 120,
    },
  };
});

describe('JUnit XML', () => {
  const before = judgeFlows(topology, runs, 'before');
  const after = judgeFlows(topology, runs, 'after');
  const xml = renderJunit('multihome test article', [
    { name: 'before', flows: before },
    { name: 'after', flows: after },
  ]);

  it('is well-formed XML with one testcase per flow and phase', () => {
    expect(XMLValidator.validate(xml)).toBe(true);
    const parsed = new XMLParser({
      ignoreAttributes: false,
      isArray: (name) => ['testsuite', 'testcase'].includes(name),
    }).parse(xml);
    const suites = parsed.testsuites.testsuite as {
      '@_name': string;
      '@_tests': string;
      '@_failures': string;
      testcase: unknown[];
    }[];
    expect(suites.map((s) => [s['@_name'], s['@_tests'], s['@_failures'], s.testcase.length])).toEqual([
      ['multihome test article: before', '2', '0', 2],
      ['multihome test article: after', '2', '1', 2],
    ]);
    expect(parsed.testsuites['@_failures']).toBe('1');
  });

  it("puts what was expected and seen in the failure's message, and both observations in its body", () => {
    const parsed = new XMLParser({ ignoreAttributes: false }).parse(xml);
    const failed = parsed.testsuites.testsuite[1].testcase[1];
    expect(failed['@_name']).toBe('isp2 tcp ipv4');
    expect(failed['@_classname']).toBe('multihome.after');
    expect(failed.failure['@_message']).toBe('expected answered, via isp2; saw no answer, via isp1');
    expect(failed.failure['#text']).toContain(
      'client saw: not waited for: its reply was dropped after 120 ms <&>',
    );
    expect(failed.failure['#text']).toContain('isp1:0(2 dropped) isp2:0');
    expect(xml).toContain('&lt;&amp;&gt;');
  });

  it('keeps the demo JSON fields and adds family, expected, pass and the evidence', () => {
    expect(judgedFlowJson(after[1] ?? ({} as never))).toEqual({
      uplink: 'isp2',
      protocol: 'tcp',
      family: 'ipv4',
      ok: false,
      replyVia: 'isp1',
      expected: { ok: true, replyVia: 'isp2' },
      pass: false,
      evidence: runs[1]?.evidence,
    });
  });
});

describe('JUnit test case names', () => {
  const run = (spec: FlowSpec): FlowRun => ({
    uplink: spec.uplink,
    protocol: spec.protocol,
    family: familyName(spec.family),
    ok: true,
    replyVia: spec.uplink,
    ...(spec.outbound ? { from: spec.client, to: spec.outbound.to } : {}),
    ...(spec.lanHost
      ? { to: `lan:${spec.lanHost}`, port: spec.port ?? 0, transport: spec.transport ?? 'tcp' }
      : {}),
    spec,
    evidence: { client: 'exit 0', gateways: [], decidedBy: 'answer', ms: 1 },
  });

  it('tell apart outbound pings from two router sources and forwards to two ports', () => {
    const withExpect = parseTopology(
      `${readFileSync(new URL('../topology/examples/article.yaml', import.meta.url), 'utf8').replace(
        '- { protocol: tcp, port: 8080, to: 80 }',
        '- { protocol: tcp, port: 8080, to: 80 }\n        - { protocol: tcp, port: 8443, to: 443 }',
      )}expect:\n  - { from: router, source: isp2, via: isp1 }\n  - { from: router, source: isp3, via: isp1 }\n`,
      'article.yaml',
    );
    const names = flowMatrix(withExpect).map((spec) => flowCaseName(run(spec)));
    expect(new Set(names).size).toBe(names.length);
    expect(names).toContain('isp2 forward tcp/8443→lan:server ipv4');
    expect(names).toContain('router→client:client1 from 203.0.113.10 via isp1 icmp ipv4');
  });
});
