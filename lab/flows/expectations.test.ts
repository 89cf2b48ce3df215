import { describe, expect, it } from 'vitest';
import { defaultTopology } from '../topology/default-topology.js';
import type { FlowExpectation, Topology } from '../topology/types.js';
import { expectationFor, passes } from './expectations.js';
import type { FlowSpec } from './flow.js';
import { flowMatrix } from './flow-matrix.js';

const article = defaultTopology();
const spec = (topology: Topology, uplink: string, protocol: string, family: 4 | 6 = 4): FlowSpec => {
  const found = flowMatrix(topology).find(
    (s) => s.uplink === uplink && s.protocol === protocol && s.family === family && !s.outbound,
  );
  if (!found) throw new Error(`no flow ${uplink}/${protocol}/${family}`);
  return found;
};
const entry = (fields: Partial<FlowExpectation>): FlowExpectation => ({
  phase: 'after',
  ok: true,
  ...fields,
});

describe('default expectations', () => {
  it('after a fix: answered via the uplink it arrived on', () => {
    expect(expectationFor(article, spec(article, 'isp3', 'forward', 6), 'after')).toEqual({
      ok: true,
      replyVia: 'isp3',
    });
  });

  it("before it: the article's bug, every reply via the default gateway, answered only on its own uplink", () => {
    expect(expectationFor(article, spec(article, 'isp1', 'tcp'), 'before')).toEqual({
      ok: true,
      replyVia: 'isp1',
    });
    expect(expectationFor(article, spec(article, 'isp2', 'udp', 6), 'before')).toEqual({
      ok: false,
      replyVia: 'isp1',
    });
  });

  it('before it, a default gateway without BCP38 passes the wrong-source reply on', () => {
    const open = { ...article, isps: article.isps.map((isp) => ({ ...isp, bcp38: false })) };
    expect(expectationFor(open, spec(open, 'isp3', 'icmp'), 'before')).toEqual({
      ok: true,
      replyVia: 'isp1',
    });
  });

  it('before it, strict rp_filter drops requests arriving off the default route unseen', () => {
    const strict = { ...article, routerRpFilter: 1 as const };
    expect(expectationFor(strict, spec(strict, 'isp3', 'tcp'), 'before')).toEqual({
      ok: false,
      replyVia: null,
    });
    // ISP2 shares eth0 with the default ISP: its request passes rp_filter, its reply still dies at ISP1.
    expect(expectationFor(strict, spec(strict, 'isp2', 'tcp'), 'before')).toEqual({
      ok: false,
      replyVia: 'isp1',
    });
  });
});

describe('expect: entries', () => {
  it('a blackholed service: expected to fail, gateway unchecked', () => {
    const topology = { ...article, expect: [entry({ uplink: 'isp2', protocol: 'forward', ok: false })] };
    const expected = expectationFor(topology, spec(topology, 'isp2', 'forward'), 'after');
    expect(expected).toEqual({ ok: false });
    expect(passes({ ...flow(), ok: false, replyVia: 'isp1' }, expected)).toBe(true);
    expect(passes({ ...flow(), ok: true, replyVia: 'isp2' }, expected)).toBe(false);
    expect(expectationFor(topology, spec(topology, 'isp2', 'tcp'), 'after')).toEqual({
      ok: true,
      replyVia: 'isp2',
    });
  });

  it('an uplink whose replies are expected via another, for one family; the last matching entry wins', () => {
    const topology = {
      ...article,
      expect: [
        entry({ uplink: 'isp3', via: 'isp1' }),
        entry({ uplink: 'isp3', family: 'ipv6', via: 'none', ok: false }),
      ],
    };
    expect(expectationFor(topology, spec(topology, 'isp3', 'udp'), 'after')).toEqual({
      ok: true,
      replyVia: 'isp1',
    });
    expect(expectationFor(topology, spec(topology, 'isp3', 'udp', 6), 'after')).toEqual({
      ok: false,
      replyVia: null,
    });
  });

  it('an entry speaks for its phase only, unless it says both', () => {
    const topology = {
      ...article,
      expect: [entry({ uplink: 'isp2', phase: 'both', via: 'isp1', ok: false })],
    };
    for (const phase of ['before', 'after'] as const)
      expect(expectationFor(topology, spec(topology, 'isp2', 'icmp'), phase)).toEqual({
        ok: false,
        replyVia: 'isp1',
      });
    const afterOnly = { ...article, expect: [entry({ uplink: 'isp2', ok: false })] };
    expect(expectationFor(afterOnly, spec(afterOnly, 'isp2', 'icmp'), 'before')).toEqual({
      ok: false,
      replyVia: 'isp1',
    });
  });

  it('an outbound ping from the router, bound to an uplink, expected via it after and via the default before', () => {
    const topology = {
      ...article,
      expect: [entry({ from: 'router', source: 'isp3', family: 'ipv4', via: 'isp3' })],
    };
    const outbound = flowMatrix(topology).find((s) => s.outbound !== undefined);
    if (!outbound) throw new Error('no outbound flow');
    expect(expectationFor(topology, outbound, 'after')).toEqual({ ok: true, replyVia: 'isp3' });
    expect(expectationFor(topology, outbound, 'before')).toEqual({ ok: false, replyVia: 'isp1' });
  });
});

function flow() {
  return {
    uplink: 'isp2',
    protocol: 'forward' as const,
    family: 'ipv4' as const,
    ok: true,
    replyVia: 'isp2',
  };
}
