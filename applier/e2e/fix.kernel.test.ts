import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { articleConfig, type ConfigFile, writeConfig } from './article-config.js';
import { requireBuiltCli } from './cli-path.js';
import { describeRun, multihome } from './multihome-cli.js';
import { NetnsWorld } from './netns-world.js';
import type { ProbeKind } from './probes.js';
import { expectAnsweredViaOwnGateway, expectDroppedAsSpoofedAt } from './test-support/expectations.js';
import { routerAddress } from './world/layout.js';

const KINDS: readonly ProbeKind[] = ['ping', 'tcp-echo', 'udp-echo', 'port-forward'];
const UPLINKS = ['isp1', 'isp2', 'isp3'];

describe('`multihome apply` with the article’s layout fixes every uplink, and `remove` undoes it', () => {
  let world: NetnsWorld;
  let config: ConfigFile;
  beforeAll(async () => {
    await requireBuiltCli();
    world = await NetnsWorld.create();
    config = await writeConfig(articleConfig());
  });
  afterAll(async () => {
    await world?.teardown();
    await config?.[Symbol.asyncDispose]();
  });

  it('apply exits 0', async () => {
    const args = ['apply', '-c', config.path];
    const result = await multihome(world, args);
    expect(result.exitCode, describeRun(args, result)).toBe(0);
  });

  describe.each(UPLINKS)('via %s', (uplink) => {
    it.each(KINDS)(
      '%s is answered through the uplink’s own gateway, nothing dropped as spoofed',
      async (kind) => {
        await expectAnsweredViaOwnGateway(world, kind, routerAddress(uplink));
      },
    );
  });

  it('verify exits 0', async () => {
    const args = ['verify', '-c', config.path];
    const result = await multihome(world, args);
    expect(result.exitCode, describeRun(args, result)).toBe(0);
  });

  it('a second plan has nothing to do (`plan --json` has an empty changes array)', async () => {
    const args = ['plan', '--json', '-c', config.path];
    const result = await multihome(world, args);
    expect(result.exitCode, describeRun(args, result)).toBe(0);
    const plan = JSON.parse(result.stdout) as { changes?: unknown };
    expect(plan.changes, describeRun(args, result)).toEqual([]);
  });

  it('remove exits 0 and brings the bug back', async () => {
    const args = ['remove', '-c', config.path];
    const result = await multihome(world, args);
    expect(result.exitCode, describeRun(args, result)).toBe(0);
    await expectAnsweredViaOwnGateway(world, 'tcp-echo', routerAddress('isp1'));
    for (const uplink of ['isp2', 'isp3']) {
      for (const kind of ['ping', 'tcp-echo', 'port-forward'] as const) {
        await expectDroppedAsSpoofedAt(world, kind, routerAddress(uplink), 'isp1');
      }
    }
  });
});
