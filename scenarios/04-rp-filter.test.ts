import { afterAll, describe, expect, it } from 'vitest';
import type { FlowRun } from '../lab/index.js';
import { flowSpecs, runFlows } from '../lab/index.js';
import { applyFix, removeFix } from './support/applier-driver.js';
import { expectFlows, showFlows, viaOwnUplink } from './support/assert-flows.js';
import { demoTopology } from './support/lab-entry.js';
import { routerState } from './support/router-state.js';
import { useScenarioLab } from './support/scenario-lab.js';

const FIX = { families: [4] } as const;
const RP_KEYS = ['all', 'default', 'eth0', 'eth1'].map((i) => `net.ipv4.conf.${i}.rp_filter`);

// Strict reverse-path filtering (1 on all and every interface) drops requests arriving on an uplink
// that is not the route back to the client. apply makes it loose; remove puts the 1s back.
describe('scenario 4: strict rp_filter', () => {
  const lab = useScenarioLab('04-rp-filter', () => ({ ...demoTopology(), routerRpFilter: 1 }));
  const specs = () => flowSpecs(lab().topology, { protocols: ['icmp', 'tcp', 'udp'] });
  const rpValues = async () => {
    const { sysctls } = await routerState(lab());
    return Object.fromEntries(RP_KEYS.map((key) => [key, sysctls[key]]));
  };
  afterAll(async () => removeFix(lab(), FIX));

  it('drops ISP3 requests at the router (no reply at any gateway) while ISP2 replies die at ISP1', async () => {
    expect(await rpValues()).toEqual(Object.fromEntries(RP_KEYS.map((key) => [key, '1'])));
    const runs = await runFlows(lab(), specs());
    showFlows('strict rp_filter, before apply', runs);
    const isp3Interface = lab().topology.isps.find((i) => i.name === 'isp3')?.routerInterface;
    const defaultInterface = lab().topology.isps.find(
      (i) => i.name === lab().topology.defaultIsp,
    )?.routerInterface;
    expect(isp3Interface).not.toBe(defaultInterface);
    expectFlows('strict rp_filter, before apply', runs, (run: FlowRun) => {
      if (run.uplink === 'isp3') return { ok: false, replyVia: null };
      return { ok: run.uplink === 'isp1', replyVia: 'isp1' };
    });
  });

  it('apply loosens rp_filter and every uplink answers via its own gateway', async () => {
    await applyFix(lab(), FIX);
    // The kernel uses max(conf/all, conf/<iface>): loose (2) on `all` makes every interface loose.
    const values = await rpValues();
    console.log('rp_filter after apply:', values);
    for (const iface of ['eth0', 'eth1']) {
      const effective = Math.max(
        Number(values['net.ipv4.conf.all.rp_filter']),
        Number(values[`net.ipv4.conf.${iface}.rp_filter`]),
      );
      expect(effective, `effective rp_filter on ${iface}`).toBe(2);
    }
    const runs = await runFlows(lab(), specs());
    expectFlows('strict rp_filter, after apply', runs, viaOwnUplink);
  });

  it('remove restores the strict values it found', async () => {
    await removeFix(lab(), FIX);
    expect(await rpValues()).toEqual(Object.fromEntries(RP_KEYS.map((key) => [key, '1'])));
  });
});
