import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConfigFile, ipv6Config, writeConfig } from './article-config.js';
import { requireBuiltCli } from './cli-path.js';
import { describeRun, multihome } from './multihome-cli.js';
import { NetnsWorld } from './netns-world.js';
import type { ProbeKind } from './probes.js';
import { expectAnsweredViaOwnGateway, expectDroppedAsSpoofedAt } from './test-support/expectations.js';
import { routerAddress } from './world/layout.js';

const KINDS: readonly ProbeKind[] = ['ping', 'tcp-echo'];

describe('IPv6: two uplinks, one default route (via isp1v6); same bug, same fix', () => {
  let world: NetnsWorld;
  let config: ConfigFile;
  beforeAll(async () => {
    await requireBuiltCli();
    world = await NetnsWorld.create();
    config = await writeConfig(ipv6Config());
  });
  afterAll(async () => {
    await world?.teardown();
    await config?.[Symbol.asyncDispose]();
  });

  it.each(KINDS)(
    'before the fix, %s via isp1v6 works and via isp3v6 is dropped as spoofed at isp1',
    async (kind) => {
      await expectAnsweredViaOwnGateway(world, kind, routerAddress('isp1v6'));
      await expectDroppedAsSpoofedAt(world, kind, routerAddress('isp3v6'), 'isp1');
    },
  );

  it('apply exits 0', async () => {
    const args = ['apply', '-c', config.path];
    const result = await multihome(world, args);
    expect(result.exitCode, describeRun(args, result)).toBe(0);
  });

  describe.each(['isp1v6', 'isp3v6'])('after apply, via %s', (uplink) => {
    it.each(KINDS)('%s is answered through the uplink’s own gateway', async (kind) => {
      await expectAnsweredViaOwnGateway(world, kind, routerAddress(uplink));
    });
  });

  it('verify exits 0, and remove brings the bug back', async () => {
    const verify = await multihome(world, ['verify', '-c', config.path]);
    expect(verify.exitCode, describeRun(['verify'], verify)).toBe(0);
    const remove = await multihome(world, ['remove', '-c', config.path]);
    expect(remove.exitCode, describeRun(['remove'], remove)).toBe(0);
    await expectDroppedAsSpoofedAt(world, 'tcp-echo', routerAddress('isp3v6'), 'isp1');
  });
});
