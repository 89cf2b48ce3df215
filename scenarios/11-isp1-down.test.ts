import { afterAll, describe, expect, it } from 'vitest';
import { flowSpecs, runFlows } from '../lab/index.js';
import { applyFix, removeFix } from './support/applier-driver.js';
import { expectFlows, showFlows, viaOwnUplink } from './support/assert-flows.js';
import { pollUntil } from './support/router-cli.js';
import { useScenarioLab } from './support/scenario-lab.js';

const FIX = { families: [4] } as const;

// The default uplink's ISP fails: its gateway container is stopped, so the main table's default route
// is dead. Replies for the other uplinks never depended on it once the fix is in, so ISP2 and ISP3
// keep answering through their own gateways.
describe('scenario 11: ISP1 down', () => {
  const lab = useScenarioLab('11-isp1-down');
  afterAll(async () => {
    await lab().faults.startGateway('isp1');
    await removeFix(lab(), FIX);
  });

  it('inbound via ISP2 and ISP3 still answers via their own gateways after apply', async () => {
    await applyFix(lab(), FIX);
    await lab().faults.stopGateway('isp1');
    // Docker reports the container stopped before the kernel has torn its network namespace down (that
    // runs asynchronously, slowly on a loaded host); until then the old gateway still forwards.
    const gateway = lab().topology.isps.find((isp) => isp.name === 'isp1')?.gateways[0] ?? '198.51.100.1';
    const gone = await pollUntil(
      async () => (await lab().exec('router', ['ping', '-4', '-c1', '-W1', '-n', gateway])).exitCode !== 0,
      20_000,
    );
    expect(gone, `isp1's gateway ${gateway} still answers after docker stop`).toBe(true);
    const others = await runFlows(
      lab(),
      flowSpecs(lab().topology, { protocols: ['icmp', 'tcp', 'udp'], uplinks: ['isp2', 'isp3'] }),
    );
    showFlows('ISP1 down, after apply', others);
    expectFlows('ISP1 down, after apply', others, viaOwnUplink);
  });

  it('ISP1 itself is unreachable meanwhile (the fault is real)', async () => {
    const isp1 = await runFlows(lab(), flowSpecs(lab().topology, { protocols: ['icmp'], uplinks: ['isp1'] }));
    expectFlows('ISP1 down', isp1, () => ({ ok: false, replyVia: null }));
  });
});
