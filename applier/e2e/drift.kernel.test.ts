import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { articleConfig, type ConfigFile, writeConfig } from './article-config.js';
import { requireBuiltCli } from './cli-path.js';
import { describeRun, multihome } from './multihome-cli.js';
import { NetnsWorld } from './netns-world.js';
import { expectAnsweredViaOwnGateway, expectDroppedAsSpoofedAt } from './test-support/expectations.js';
import { routerAddress } from './world/layout.js';

type JsonRule = { priority: number; src?: string };

describe('drift: another manager deletes one of multihome’s rules', () => {
  let world: NetnsWorld;
  let config: ConfigFile;
  beforeAll(async () => {
    await requireBuiltCli();
    world = await NetnsWorld.create();
    config = await writeConfig(articleConfig());
    const applied = await multihome(world, ['apply', '-c', config.path]);
    if (applied.exitCode !== 0) throw new Error(describeRun(['apply'], applied));
  });
  afterAll(async () => {
    await world?.teardown();
    await config?.[Symbol.asyncDispose]();
  });

  it('verify fails, isp2 breaks again, and the next plan names the missing rule', async () => {
    const rules = JSON.parse(await world.must('router', ['ip', '-4', '-json', 'rule', 'list'])) as JsonRule[];
    const isp2 = rules.find((rule) => rule.src === routerAddress('isp2').address);
    expect(isp2, JSON.stringify(rules)).toBeDefined();
    await world.must('router', ['ip', '-4', 'rule', 'delete', 'pref', String(isp2?.priority)]);

    const verify = await multihome(world, ['verify', '-c', config.path]);
    expect(verify.exitCode, describeRun(['verify'], verify)).not.toBe(0);
    await expectDroppedAsSpoofedAt(world, 'tcp-echo', routerAddress('isp2'), 'isp1');

    const args = ['plan', '--json', '-c', config.path];
    const plan = await multihome(world, args);
    const changes = (
      JSON.parse(plan.stdout) as {
        changes: { action: string; kind: string; object: JsonRule & { from?: string } }[];
      }
    ).changes;
    expect(changes, describeRun(args, plan)).toEqual([
      expect.objectContaining({
        action: 'add',
        kind: 'rule',
        object: expect.objectContaining({ from: routerAddress('isp2').address }),
      }),
    ]);
  });

  it('apply repairs exactly that: isp2 answers through its own gateway and nothing is left to do', async () => {
    const applied = await multihome(world, ['apply', '-c', config.path]);
    expect(applied.exitCode, describeRun(['apply'], applied)).toBe(0);
    await expectAnsweredViaOwnGateway(world, 'tcp-echo', routerAddress('isp2'));
    const plan = await multihome(world, ['plan', '--json', '-c', config.path]);
    expect((JSON.parse(plan.stdout) as { changes: unknown[] }).changes, describeRun(['plan'], plan)).toEqual(
      [],
    );
  });
});
