import { afterAll, beforeAll, describe, it } from 'vitest';
import { NetnsWorld } from './netns-world.js';
import type { ProbeKind } from './probes.js';
import { expectAnsweredViaOwnGateway, expectDroppedAsSpoofedAt } from './test-support/expectations.js';
import { routerAddress } from './world/layout.js';

const KINDS: readonly ProbeKind[] = ['ping', 'tcp-echo', 'udp-echo', 'port-forward'];

describe('the article’s bug, before any fix (one default route, via isp1)', () => {
  let world: NetnsWorld;
  beforeAll(async () => {
    world = await NetnsWorld.create();
  });
  afterAll(async () => {
    await world?.teardown();
  });

  it.each(KINDS)('%s via isp1 (the default uplink) works, carried by isp1', async (kind) => {
    await expectAnsweredViaOwnGateway(world, kind, routerAddress('isp1'));
  });

  describe.each(['isp2', 'isp3'])('via %s', (uplink) => {
    it.each(KINDS)('%s fails: the reply leaves via isp1 and is dropped there as spoofed', async (kind) => {
      await expectDroppedAsSpoofedAt(world, kind, routerAddress(uplink), 'isp1');
    });
  });
});
