import { describe, expect, it } from 'vitest';
import { FakeRunner } from '../../applier/test-support/fake-runner.js';
import { sentencesOf } from '../../applier/test-support/sentences.js';
import { netemArgv } from '../topology/node-plans.js';
import { applyImpairment } from './impairment.js';

// What tc says on a kernel without sch_netem.
const NO_NETEM = { exitCode: 2, stderr: 'Error: Specified qdisc kind is unknown.\n' };
const latency = { delayMs: 80 };

async function latencyRefusal(runtime: 'docker' | 'netns'): Promise<string> {
  const runner = new FakeRunner().on(netemArgv({ interface: 'eth1', ...latency }), NO_NETEM);
  const error = await applyImpairment(runner, 'eth1', latency, runtime).catch((e: unknown) => e);
  expect(error).toMatchObject({ code: 'LAB_FAILED', source: 'system' });
  const message = (error as Error).message;
  expect(sentencesOf(message)).toEqual([message]);
  expect(message).toMatch(/^fake: cannot add 80 ms of latency on eth1: this kernel has no netem qdisc \(/);
  expect(message).toMatch(/; loss alone works without it$/);
  return message;
}

describe('latency on a kernel without netem', () => {
  it('on Docker, says a container cannot load sch_netem and the host must', async () => {
    const message = await latencyRefusal('docker');
    expect(message).toContain(
      '(sch_netem is not loaded and a container cannot load it; run `modprobe sch_netem` on the host)',
    );
  });

  // A namespace's root makes the kernel load the module itself: only a host without one fails.
  it('on netns, says the host has no sch_netem module and how to install it, not a container', async () => {
    const message = await latencyRefusal('netns');
    expect(message).toContain(
      '(the host has no sch_netem module for the namespace to load; run `apt-get install -y "linux-modules-extra-$(uname -r)" && modprobe sch_netem` on the host)',
    );
    expect(message).not.toMatch(/container/);
  });
});
