import { afterAll, describe, expect, it } from 'vitest';
import { mustRun } from '../applier/index.js';
import { flowSpecs, runFlows } from '../lab/index.js';
import { applyFix, planFix, removeFix, statusFix, verifyFix } from './support/applier-driver.js';
import { expectFlows, viaOwnUplink } from './support/assert-flows.js';
import { useScenarioLab } from './support/scenario-lab.js';

const FIX = { families: [4] } as const;

// Another manager (networkd, NetworkManager) deletes a rule it did not create. status and verify
// must see it, and apply must put back exactly that rule and nothing else.
describe('scenario 6: drift', () => {
  const lab = useScenarioLab('06-drift');
  afterAll(async () => removeFix(lab(), FIX));

  it('reports a deleted rule and repairs exactly that one change', async () => {
    await applyFix(lab(), FIX);
    const isp3 = lab().topology.isps.find((isp) => isp.name === 'isp3');
    const address = isp3?.routerAddresses[0] ?? '203.0.113.10';
    const rules = JSON.parse(await mustRun(lab().runner('router'), ['ip', '-j', '-4', 'rule', 'show'])) as {
      priority: number;
      src?: string;
    }[];
    const owned = rules.find((rule) => rule.src === address);
    expect(owned, `a from ${address} rule after apply`).toBeDefined();
    await mustRun(lab().runner('router'), ['ip', '-4', 'rule', 'del', 'pref', String(owned?.priority)]);

    const broken = await runFlows(
      lab(),
      flowSpecs(lab().topology, { protocols: ['tcp'], uplinks: ['isp3'] }),
    );
    expect(broken.map((r) => [r.ok, r.replyVia])).toEqual([[false, lab().topology.defaultIsp]]);

    const status = await statusFix(lab(), FIX);
    expect(status.drift.map((c) => [c.action, c.kind, c.family])).toEqual([['add', 'rule', 4]]);
    const verify = await verifyFix(lab(), FIX);
    expect(verify.ok).toBe(false);
    expect(verify.problems.join('\n')).toContain(address);

    const planned = await planFix(lab(), FIX);
    expect(planned.map((c) => [c.action, c.kind])).toEqual([['add', 'rule']]);
    expect(planned[0]?.object).toMatchObject({ priority: owned?.priority });
    const repaired = await applyFix(lab(), FIX);
    expect(repaired.map((c) => [c.action, c.kind])).toEqual([['add', 'rule']]);
    expect(await planFix(lab(), FIX)).toEqual([]);
    expect((await verifyFix(lab(), FIX)).ok).toBe(true);
    expectFlows(
      'after repair',
      await runFlows(lab(), flowSpecs(lab().topology, { protocols: ['tcp'] })),
      viaOwnUplink,
    );
  });
});
