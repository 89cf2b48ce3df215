import { afterAll, describe, expect, it } from 'vitest';
import { applyFix, planFix, removeFix } from './support/applier-driver.js';
import { addForeignState, foreignStatePresent, removeForeignState } from './support/foreign-state.js';
import { type RouterState, routerState } from './support/router-state.js';
import { useScenarioLab } from './support/scenario-lab.js';

const FIX = { families: [4, 6], lan: true } as const;
const ALL_PRESENT = { rule4: true, rule6: true, route: true, nft: true };

// multihome touches only what it tagged: a second apply is a no-op, foreign rules, tables and
// nftables tables survive, and remove returns the router to exactly the state before apply.
describe('scenario 5: idempotence and ownership', () => {
  const lab = useScenarioLab('05-idempotence-ownership');
  let prior: RouterState | undefined;
  afterAll(async () => {
    await removeFix(lab(), FIX);
    await removeForeignState(lab());
  });

  it('a second apply changes nothing and foreign state survives apply', async () => {
    await addForeignState(lab());
    prior = await routerState(lab());
    expect((await applyFix(lab(), FIX)).length).toBeGreaterThan(0);
    expect(await planFix(lab(), FIX)).toEqual([]);
    expect(await applyFix(lab(), FIX)).toEqual([]);
    expect(await foreignStatePresent(lab())).toEqual(ALL_PRESENT);
  });

  it('remove returns rules, routes (both families), nftables and sysctls to the exact prior state', async () => {
    expect(prior).toBeDefined();
    await removeFix(lab(), FIX);
    expect(await foreignStatePresent(lab())).toEqual(ALL_PRESENT);
    const after = await routerState(lab());
    expect(after.rules4).toEqual(prior?.rules4);
    expect(after.rules6).toEqual(prior?.rules6);
    expect(after.routes4).toEqual(prior?.routes4);
    expect(after.routes6).toEqual(prior?.routes6);
    expect(after.nft).toEqual(prior?.nft);
    expect(after.sysctls).toEqual(prior?.sysctls);
    expect(after.iproute2).toEqual(prior?.iproute2);
  });
});
