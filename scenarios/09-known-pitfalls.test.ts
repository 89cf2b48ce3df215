import { afterAll, describe, expect, it } from 'vitest';
import { flowSpecs } from './flows/flow-specs.js';
import { replyVia } from './flows/reply-via.js';
import { runFlows } from './flows/run-flows.js';
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
    const client = lab().topology.clients[0]?.addresses[0] ?? '100.64.0.101';
    const isp3 = lab().topology.isps.find((i) => i.name === 'isp3')?.routerAddresses[0] ?? '203.0.113.10';
    const unbound = await lab().observe(() =>
      lab().exec('router', ['ping', '-4', '-c1', '-W2', '-n', client]),
    );
    const bound = await lab().observe(() =>
      lab().exec('router', ['ping', '-4', '-c1', '-W2', '-n', '-I', isp3, client]),
    );
    console.log(
      [
        `router → ${client} unbound: exit ${unbound.result.exitCode}, carried by ${replyVia(unbound.evidence)}`,
        `router → ${client} bound to ${isp3}: exit ${bound.result.exitCode}, carried by ${replyVia(bound.evidence)}`,
        'Why: without a source address the kernel routes by the main table, whose default is ISP1; a socket',
        "bound to ISP3's address matches ISP3's `from` rule and leaves through ISP3.",
      ].join('\n'),
    );
    expect([unbound.result.exitCode, replyVia(unbound.evidence)]).toEqual([0, lab().topology.defaultIsp]);
    expect([bound.result.exitCode, replyVia(bound.evidence)]).toEqual([0, 'isp3']);
  });
});
