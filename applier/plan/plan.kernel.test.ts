import { describe, expect, it } from 'vitest';
import type { Config } from '../model/config.js';
import { readHostState } from '../state/read-host-state.js';
import { ISP1, ISP2, ISP6, makeConfig } from '../test-support/fixtures/configs.js';
import { naiveApply } from '../test-support/fixtures/naive-apply.js';
import { TestNamespace } from '../test-support/test-namespace.js';
import { nextLedger } from './next-ledger.js';
import { planChanges, planRemoval } from './plan.js';

const CONFIG: Config = makeConfig({
  uplinks: [ISP1, ISP2, ISP6],
  defaults: { 4: 'isp1', 6: 'isp6' },
  lan: ['lan0'],
});

async function articleHost(): Promise<TestNamespace> {
  const scratch = await TestNamespace.create('plan');
  await scratch.veth('eth0', 'eth0p');
  await scratch.veth('eth1', 'eth1p');
  await scratch.veth('lan0', 'lan0p');
  await scratch.ipBatch([
    'address add 198.51.100.10/24 dev eth0',
    'address add 192.168.50.1/24 dev lan0',
    'address add 198.51.100.77/24 dev eth0',
    // Someone else's default route: multihome replaces it and gives it back on remove.
    'route add default via 198.51.100.77 dev eth0',
  ]);
  await scratch.must([
    'sh',
    '-c',
    'echo 1 > /proc/sys/net/ipv4/conf/all/rp_filter; echo 1 > /proc/sys/net/ipv4/conf/eth0/rp_filter',
  ]);
  return scratch;
}

describe('plan, applied by the kernel, then planned again', () => {
  it('converges in one apply: the second plan is empty', async () => {
    await using scratch = await articleHost();
    const first = planChanges(CONFIG, await readHostState(scratch.runner), null);
    await naiveApply(scratch, first);
    const ledger = nextLedger(null, CONFIG, first);

    const second = planChanges(CONFIG, await readHostState(scratch.runner), ledger);

    expect(second).toEqual([]);
    expect(ledger.displacedDefaults).toEqual([
      expect.objectContaining({ gateway: '198.51.100.77', protocol: 3 }),
    ]);
    expect(ledger.sysctlOriginals).toMatchObject({ 'net.ipv4.conf.all.rp_filter': '1' });
  });

  it('repairs exactly the drift another manager caused, nothing more', async () => {
    await using scratch = await articleHost();
    const first = planChanges(CONFIG, await readHostState(scratch.runner), null);
    await naiveApply(scratch, first);
    const ledger = nextLedger(null, CONFIG, first);
    // What networkd (removes rules it did not create) and NetworkManager (flushes tables) do to us.
    await scratch.must(['ip', 'rule', 'del', 'pref', '10001']);
    await scratch.must(['ip', 'route', 'flush', 'table', '101']);

    const repair = planChanges(CONFIG, await readHostState(scratch.runner), ledger);

    expect(repair.map(({ action, kind, object }) => ({ action, kind, object }))).toEqual([
      {
        action: 'add',
        kind: 'route',
        object: {
          family: 4,
          table: 101,
          dev: 'eth0',
          dst: '198.51.100.0/24',
          src: '198.51.100.10',
          protocol: 77,
        },
      },
      {
        action: 'add',
        kind: 'route',
        object: { family: 4, table: 101, dev: 'eth0', dst: 'default', gateway: '198.51.100.1', protocol: 77 },
      },
      {
        action: 'add',
        kind: 'rule',
        object: { family: 4, table: 102, protocol: 77, priority: 10001, from: '203.0.113.10' },
      },
    ]);
  });

  it('loads its nft table atomically and reads back the digest it stored', async () => {
    await using scratch = await articleHost();
    const plan = planChanges(CONFIG, await readHostState(scratch.runner), null);
    await naiveApply(scratch, plan);
    const nft = plan.find((change) => change.kind === 'nftables');
    expect(nft?.kind === 'nftables' ? nft.object.digest : undefined).toMatch(/^multihome-[0-9a-f]{16}$/);

    const state = await readHostState(scratch.runner);

    expect(state.nftTable).toEqual({
      comment: nft?.kind === 'nftables' ? nft.object.digest : null,
      rules: 6,
    });
  });

  it('removes everything it owns and restores what it displaced', async () => {
    await using scratch = await articleHost();
    const before = await readHostState(scratch.runner);
    const plan = planChanges(CONFIG, before, null);
    await naiveApply(scratch, plan);
    const ledger = nextLedger(null, CONFIG, plan);

    await naiveApply(scratch, planRemoval(await readHostState(scratch.runner), ledger));
    const after = await readHostState(scratch.runner);

    expect(after.ownedRoutes).toEqual([]);
    expect(after.ownedRules).toEqual([]);
    expect(after.nftTable).toBeNull();
    expect(after.mainDefaults).toEqual(before.mainDefaults);
    expect(after.sysctls).toEqual(before.sysctls);
    expect(after.addresses.map((a) => a.address).sort()).toEqual(
      before.addresses.map((a) => a.address).sort(),
    );
  });
});
