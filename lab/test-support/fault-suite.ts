import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MultihomeError } from '../../applier/errors.js';
import { Lab, type LabUpOptions } from '../lab.js';
import type { LabRuntime, StartedLab } from '../lab-types.js';
import { defaultTopology } from '../topology/default-topology.js';
import { runAndExpect } from './run-and-expect.js';

const topology = defaultTopology();
const isp = topology.isps[0]?.name ?? '';
const routerAddress = topology.isps[0]?.routerAddresses[0] ?? '';

/**
 * The fault tests, the same on every runtime: each fault at ISP1 (the router's default uplink) cuts
 * traffic for real, and its restore brings it back. `options` adds what a runtime needs to come up.
 */
export function describeFaults(runtime: LabRuntime, options: () => Promise<LabUpOptions>): void {
  describe(`lab faults at ISP1 (the router’s default uplink) and their restores, on ${runtime}`, () => {
    let lab: StartedLab;
    // Client → ISP1 → router and the reply back through ISP1's gateway.
    const reachable = async () =>
      (await lab.exec('client:client1', ['ping', '-c', '1', '-W', '1', routerAddress])).exitCode === 0;
    const expectReachable = async (want: boolean) =>
      expect(await runAndExpect(reachable, (ok) => ok === want, { deadlineMs: 20_000 })).toBe(want);

    beforeAll(async () => {
      lab = await Lab.up(topology, { ...(await options()), runtime });
    });

    afterAll(async () => {
      await lab?.down();
    });

    it('uplink down at the gateway side cuts traffic; up restores it', async () => {
      await expectReachable(true);
      await lab.faults.uplinkDown(isp);
      await expectReachable(false);
      await lab.faults.uplinkUp(isp);
      await expectReachable(true);
    });

    it('a stopped gateway carries nothing; started again (plan re-applied) it carries and counts again', async () => {
      await lab.faults.stopGateway(isp);
      await expectReachable(false);
      await lab.faults.startGateway(isp);
      await expectReachable(true);
      const { evidence } = await lab.observe(reachable);
      expect(evidence.carriedBy).toEqual([isp]);
    });

    it('a paused gateway carries nothing; unpaused it does', async () => {
      await lab.faults.pauseGateway(isp);
      await expectReachable(false);
      await lab.faults.unpauseGateway(isp);
      await expectReachable(true);
    });

    it('impair with 100% loss cuts traffic and clearing restores it (netem, or nftables where netem is missing)', async () => {
      await lab.faults.impair(isp, { lossPercent: 100 });
      await expectReachable(false);
      await lab.faults.clearImpairment(isp);
      await expectReachable(true);
    });

    it('added latency uses netem, or says clearly that this kernel cannot delay packets', async () => {
      const probe = await lab.exec(`isp:${isp}`, [
        'tc',
        'qdisc',
        'add',
        'dev',
        'lo',
        'root',
        'netem',
        'delay',
        '1ms',
      ]);
      if (probe.exitCode === 0) {
        await lab.exec(`isp:${isp}`, ['tc', 'qdisc', 'del', 'dev', 'lo', 'root']);
        await lab.faults.impair(isp, { delayMs: 50 });
        const qdisc = await lab.exec(`isp:${isp}`, ['tc', 'qdisc', 'show']);
        expect(qdisc.stdout).toMatch(/netem .*delay 50ms/);
      } else {
        expect(probe.stderr).toMatch(/qdisc kind is unknown/);
        const error = await lab.faults.impair(isp, { delayMs: 50 }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(MultihomeError);
        expect((error as MultihomeError).code).toBe('LAB_FAILED');
        expect((error as Error).message).toMatch(/no netem qdisc/);
      }
      await lab.faults.clearImpairment(isp);
      await expectReachable(true);
    });
  });
}
