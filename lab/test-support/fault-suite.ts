import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MultihomeError } from '../../applier/errors.js';
import { Lab, type LabUpOptions } from '../lab.js';
import type { LabRuntime, StartedLab } from '../lab-types.js';
import { defaultTopology } from '../topology/default-topology.js';
import { runAndExpect } from './run-and-expect.js';

const topology = defaultTopology();
const isp = topology.isps[0]?.name ?? '';
const routerAddress = topology.isps[0]?.routerAddresses[0] ?? '';

// How many processes in the node's network namespace run `sleep 77`: the node's own processes on
// either runtime (a netns node shares the host's pid space, so pgrep would see the host's too).
const SLEEPERS = [
  'n=0; for p in /proc/[0-9]*; do',
  '  [ "$p/ns/net" -ef /proc/self/ns/net ] || continue',
  '  [ "$(tr "\\0" " " < "$p/cmdline" 2>/dev/null)" = "sleep 77 " ] && n=$((n + 1))',
  'done; echo $n',
].join('\n');

/**
 * The tests of a started lab, the same on every runtime: exec's timeout, then each fault at ISP1 (the
 * router's default uplink), which cuts traffic for real, and its restore, which brings it back.
 * `options` adds what a runtime needs to come up.
 */
export function describeFaults(runtime: LabRuntime, options: () => Promise<LabUpOptions>): void {
  describe(`a started lab on ${runtime}: exec's timeout, faults at ISP1 and their restores`, () => {
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

    it('exec stops a command at its timeout and leaves no process of it in the node', async () => {
      const started = performance.now();
      const result = await lab.exec('router', ['sleep', '77'], { timeoutMs: 300 });
      expect(result.exitCode).not.toBe(0);
      expect(performance.now() - started).toBeLessThan(10_000);
      const left = async () => (await lab.exec('router', ['sh', '-c', SLEEPERS])).stdout;
      await expect.poll(left, { timeout: 5_000 }).toBe('0\n');
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
