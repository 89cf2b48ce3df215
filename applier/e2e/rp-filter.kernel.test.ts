import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { articleConfig, type ConfigFile, writeConfig } from './article-config.js';
import { requireBuiltCli } from './cli-path.js';
import { describeRun, multihome } from './multihome-cli.js';
import { NetnsWorld } from './netns-world.js';
import { expectAnsweredViaOwnGateway, expectNoReply } from './test-support/expectations.js';
import { routerAddress } from './world/layout.js';
import { readSysctls } from './world/sysctls.js';

const SCOPES = ['all', 'default', 'lo', 'eth0', 'eth1', 'eth2'];
const KEYS = SCOPES.flatMap((scope) => [
  `net.ipv4.conf.${scope}.rp_filter`,
  `net.ipv4.conf.${scope}.src_valid_mark`,
]);

describe('strict rp_filter on the router (1 on all and every interface)', () => {
  let world: NetnsWorld;
  let config: ConfigFile;
  let original: Record<string, string>;
  beforeAll(async () => {
    await requireBuiltCli();
    world = await NetnsWorld.create({ routerRpFilter: 1 });
    config = await writeConfig(articleConfig());
    original = await readSysctls(world.runner('router'), KEYS);
  });
  afterAll(async () => {
    await world?.teardown();
    await config?.[Symbol.asyncDispose]();
  });

  it('the world really is strict', () => {
    for (const scope of SCOPES) expect(original[`net.ipv4.conf.${scope}.rp_filter`], scope).toBe('1');
  });

  it('before the fix, requests via isp3 are dropped on arrival (no reply anywhere); isp1 works', async () => {
    await expectAnsweredViaOwnGateway(world, 'ping', routerAddress('isp1'));
    await expectNoReply(world, 'ping', routerAddress('isp3'));
    await expectNoReply(world, 'tcp-echo', routerAddress('isp3'));
  });

  it('after apply, isp3 answers through its own gateway and the uplinks are effectively loose', async () => {
    const args = ['apply', '-c', config.path];
    const result = await multihome(world, args);
    expect(result.exitCode, describeRun(args, result)).toBe(0);
    await expectAnsweredViaOwnGateway(world, 'ping', routerAddress('isp3'));
    await expectAnsweredViaOwnGateway(world, 'tcp-echo', routerAddress('isp3'));
    await expectAnsweredViaOwnGateway(world, 'port-forward', routerAddress('isp3'));
    const now = await readSysctls(world.runner('router'), KEYS);
    for (const uplink of ['eth0', 'eth1']) {
      const effective = Math.max(
        Number(now['net.ipv4.conf.all.rp_filter']),
        Number(now[`net.ipv4.conf.${uplink}.rp_filter`]),
      );
      expect(effective, `effective rp_filter on ${uplink}`).toBe(2);
    }
  });

  it('remove restores the exact previous sysctl values, and the drop comes back', async () => {
    const args = ['remove', '-c', config.path];
    const result = await multihome(world, args);
    expect(result.exitCode, describeRun(args, result)).toBe(0);
    expect(await readSysctls(world.runner('router'), KEYS)).toEqual(original);
    await expectNoReply(world, 'ping', routerAddress('isp3'));
  });
});
