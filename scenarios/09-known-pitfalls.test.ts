import { afterAll, describe, expect, it } from 'vitest';
import { flowMatrix, flowSpecs, judgeFlows, runFlows } from '../lab/index.js';
import { applyFix, removeFix } from './support/applier-driver.js';
import { expectFlows, showFlows } from './support/assert-flows.js';
import { useScenarioLab } from './support/scenario-lab.js';

const FIX = { families: [4] } as const;

// What policy routing cannot fix, shown with the same two observations as everything else.
describe('scenario 9: known pitfalls', () => {
  const lab = useScenarioLab('09-known-pitfalls');
  afterAll(async () => removeFix(lab(), FIX));

  it('a UDP server bound to 0.0.0.0 answers from the wrong source even after the fix', async () => {
    await applyFix(lab(), FIX);
    const runs = await runFlows(lab(), flowSpecs(lab().topology, { protocols: ['udp'], ports: { udp: 9 } }));
    showFlows('UDP echo on the wildcard (port 9), after apply', runs);
    console.log(
      [
        'Why: a socket bound to 0.0.0.0 does not say which address the request came to. The kernel picks the',
        "reply's source from the route to the client (main table: ISP1's address), so the `from <address>`",
        "rules never match. The reply leaves via ISP1 from ISP1's address and the client, which talked to",
        "ISP2's or ISP3's address, discards it. Fix in the application: bind per address, or IP_PKTINFO.",
      ].join('\n'),
    );
    const defaultIsp = lab().topology.defaultIsp;
    expectFlows('UDP on the wildcard after apply', runs, (run) => ({
      ok: run.uplink === defaultIsp,
      replyVia: defaultIsp,
    }));
  });

  it('outbound connections from the router use the default uplink unless bound to an address', async () => {
    // Outbound pings as a topology's `expect:` section declares them: unbound, and bound to ISP3's address.
    const topology = {
      ...lab().topology,
      expect: [
        { from: 'router', family: 'ipv4', phase: 'after', ok: true, via: lab().topology.defaultIsp },
        { from: 'router', family: 'ipv4', source: 'isp3', phase: 'after', ok: true, via: 'isp3' },
      ] as const,
    };
    const runs = await runFlows(
      lab(),
      flowMatrix(topology).filter((spec) => spec.outbound !== undefined),
    );
    showFlows('router → client1, unbound and bound to ISP3', runs);
    console.log(
      [
        'Why: without a source address the kernel routes by the main table, whose default is ISP1; a socket',
        "bound to ISP3's address matches ISP3's `from` rule and leaves through ISP3.",
      ].join('\n'),
    );
    expect(judgeFlows(topology, runs, 'after').map((run) => [run.uplink, run.ok, run.replyVia])).toEqual([
      [lab().topology.defaultIsp, true, lab().topology.defaultIsp],
      ['isp3', true, 'isp3'],
    ]);
  });
});
