import { beforeAll, describe, expect, it } from 'vitest';
import { requireBuiltCli } from '../applier/e2e/cli-path.js';
import { flowSpecs, runFlows } from '../lab/index.js';
import { fixConfigText } from './support/applier-driver.js';
import { expectFlows, showFlows, viaOwnUplink } from './support/assert-flows.js';
import { ROUTER_CONFIG, routerCli, routerCliMounts, writeRouterFile } from './support/router-cli.js';
import { type RouterState, routerState } from './support/router-state.js';
import { useScenarioLab } from './support/scenario-lab.js';

const CONFIG = ROUTER_CONFIG;

// The shipped CLI, run inside the router from a read-only mount of Node and the built package,
// exactly as an admin runs it on a real multi-homed host.
describe('scenario 10: the real CLI inside the router', () => {
  beforeAll(requireBuiltCli, 180_000);
  const lab = useScenarioLab('10-real-cli', undefined, routerCliMounts());
  let prior: RouterState | undefined;

  it('plan, apply and verify work on the host; the flows prove it', async () => {
    await writeRouterFile(lab(), CONFIG, fixConfigText(lab(), { families: [4], lan: true }));
    prior = await routerState(lab());
    const plan = await routerCli(lab(), ['plan', '-c', CONFIG, '--json']);
    expect(plan.exitCode, plan.stderr).toBe(0);
    expect((JSON.parse(plan.stdout) as { changes: unknown[] }).changes.length).toBeGreaterThan(0);

    const apply = await routerCli(lab(), ['apply', '-c', CONFIG]);
    console.log(apply.stdout);
    expect(apply.exitCode, apply.stderr).toBe(0);
    const verify = await routerCli(lab(), ['verify', '-c', CONFIG]);
    expect(verify.exitCode, `${verify.stdout}${verify.stderr}`).toBe(0);

    const runs = await runFlows(lab(), flowSpecs(lab().topology));
    showFlows('after `multihome apply` inside the router', runs);
    expectFlows('after the real CLI apply', runs, viaOwnUplink);
  });

  it('status reports no drift, and remove puts the exact prior state back', async () => {
    const status = await routerCli(lab(), ['status', '--json']);
    expect(status.exitCode, `${status.stdout}${status.stderr}`).toBe(0);
    expect((JSON.parse(status.stdout) as { drift: unknown[] }).drift).toEqual([]);
    const remove = await routerCli(lab(), ['remove']);
    expect(remove.exitCode, remove.stderr).toBe(0);
    expect(await routerState(lab())).toEqual(prior);
  });
});
