import { beforeAll, describe, it } from 'vitest';
import { requireBuiltCli } from '../applier/e2e/cli-path.js';
import { mustRun } from '../applier/index.js';
import { flowSpecs, runFlows, type StartedLab } from '../lab/index.js';
import { fixConfigText } from './support/applier-driver.js';
import { expectFlows, viaDefaultGateway, viaOwnUplink } from './support/assert-flows.js';
import {
  pollUntil,
  ROUTER_CONFIG,
  routerCli,
  routerCliMounts,
  routerRuns,
  writeRouterFile,
} from './support/router-cli.js';
import { useScenarioLabs } from './support/scenario-lab.js';

const CONFIG = ROUTER_CONFIG;

// `apply --confirm N` over a session that may be cut: without `multihome confirm` the host rolls
// itself back after N seconds; with it, the change stays and the rollback process is gone at once.
// The two run side by side, each in its own lab (one router, one ledger: a second apply there would
// wait for the first's window).
describe.concurrent('scenario 7: safe apply with --confirm', () => {
  beforeAll(requireBuiltCli, 180_000);
  const [unconfirmed, confirmed] = useScenarioLabs(
    ['07-safe-apply-unconfirmed', '07-safe-apply-confirmed'],
    undefined,
    routerCliMounts(),
  );
  const tcp = (lab: StartedLab) => flowSpecs(lab.topology, { protocols: ['tcp'] });
  // Rules tagged with multihome's protocol (77, named `multihome` while rt_protos.d names it).
  const ownedRules = async (lab: StartedLab) => {
    const rules = JSON.parse(await mustRun(lab.runner('router'), ['ip', '-j', '-4', 'rule', 'show'])) as {
      protocol?: string | number;
    }[];
    return rules
      .filter((rule) => ['77', 'multihome'].includes(String(rule.protocol)))
      .map((rule) => JSON.stringify(rule))
      .join('\n');
  };
  const rollbackRunning = (lab: StartedLab) => routerRuns(lab, 'rollback [-]-pending');

  const routerDiagnostics = async (lab: StartedLab) =>
    (await lab.exec('router', ['sh', '-c', 'ls -l /run/multihome/*; ip rule'])).stdout;

  it('rolls back by itself when nobody confirms', async ({ expect }) => {
    const lab = unconfirmed;
    await writeRouterFile(lab(), CONFIG, fixConfigText(lab(), { families: [4] }));
    const apply = await routerCli(lab(), ['apply', '-c', CONFIG, '--confirm', '6']);
    expect(apply.exitCode, apply.stderr).toBe(0);
    expect(await ownedRules(lab())).not.toBe('');
    expectFlows('while waiting for confirmation', await runFlows(lab(), tcp(lab())), viaOwnUplink);

    const rolledBack = await pollUntil(async () => (await ownedRules(lab())) === '', 30_000);
    expect(rolledBack, `rolled back within 30 s; router: ${await routerDiagnostics(lab())}`).toBe(true);
    expect(await pollUntil(async () => !(await rollbackRunning(lab())), 10_000)).toBe(true);
    expectFlows(
      'after the rollback',
      await runFlows(lab(), tcp(lab())),
      viaDefaultGateway(lab().topology.defaultIsp),
    );
    const confirm = await routerCli(lab(), ['confirm']);
    expect(confirm.exitCode).not.toBe(0);
    expect(confirm.stderr).toMatch(/rolled back|nothing is waiting/);
  });

  it('keeps the change when confirmed in time', async ({ expect }) => {
    const lab = confirmed;
    await writeRouterFile(lab(), CONFIG, fixConfigText(lab(), { families: [4] }));
    // A window far longer than the wait below: the rollback process must end because confirm came,
    // not because its time ran out.
    const apply = await routerCli(lab(), ['apply', '-c', CONFIG, '--confirm', '120']);
    expect(apply.exitCode, apply.stderr).toBe(0);
    expect(await rollbackRunning(lab())).toBe(true);
    const confirm = await routerCli(lab(), ['confirm']);
    expect(confirm.exitCode, confirm.stderr).toBe(0);
    // The rollback process sees within a second that the record was confirmed, and exits: only then
    // is the outcome final.
    expect(
      await pollUntil(async () => !(await rollbackRunning(lab())), 30_000),
      'rollback process exits',
    ).toBe(true);
    expect(await ownedRules(lab())).not.toBe('');
    expectFlows('after confirm, its rollback process gone', await runFlows(lab(), tcp(lab())), viaOwnUplink);
    const remove = await routerCli(lab(), ['remove']);
    expect(remove.exitCode, remove.stderr).toBe(0);
  });
});
