import { describe, expect, it } from 'vitest';
import type { Change, Ledger, Route } from '../model/types.js';
import {
  bareHost,
  brief,
  FOREIGN_DEFAULT,
  ISP1,
  ISP2,
  ISP6,
  makeConfig,
} from '../test-support/fixtures/configs.js';
import { nextLedger } from './next-ledger.js';
import { nftTableFor } from './nftables.js';
import { planChanges, planRemoval } from './plan.js';
import { simulateApply } from './simulate.js';

const CONFIG = makeConfig();

function applied(
  config = CONFIG,
  state = bareHost(),
): { state: ReturnType<typeof bareHost>; ledger: Ledger } {
  const plan = planChanges(config, state, null);
  return { state: simulateApply(state, plan), ledger: nextLedger(null, config, plan) };
}

describe('planChanges on a fresh host', () => {
  const plan = planChanges(CONFIG, bareHost(), null);

  it('adds only the missing alias address, never one that is already there', () => {
    const addresses = plan.filter((change) => change.kind === 'address');
    expect(addresses).toEqual([
      expect.objectContaining({
        action: 'add',
        object: { family: 4, interface: 'eth0', address: '203.0.113.10', prefixLength: 24, label: 'eth0:0' },
      }),
    ]);
  });

  it('gives every uplink a connected route with src and a default route with dev in its own table', () => {
    const routes = plan.filter((change) => change.kind === 'route').map((change) => change.object);
    expect(routes).toContainEqual({
      family: 4,
      table: 102,
      dst: '203.0.113.0/24',
      dev: 'eth0',
      src: '203.0.113.10',
      protocol: 77,
    });
    expect(routes).toContainEqual({
      family: 4,
      table: 102,
      dst: 'default',
      dev: 'eth0',
      gateway: '203.0.113.1',
      protocol: 77,
    });
  });

  it('adds a from rule per uplink at its priority, and no fwmark rule without lan', () => {
    const rules = plan.filter((change) => change.kind === 'rule').map((change) => change.object);
    expect(rules).toEqual([
      { family: 4, table: 101, protocol: 77, priority: 10000, from: '198.51.100.10' },
      { family: 4, table: 102, protocol: 77, priority: 10001, from: '203.0.113.10' },
    ]);
    expect(plan.some((change) => change.kind === 'nftables')).toBe(false);
  });

  it('orders make-before-break: addresses, names, sysctls, routes, rules', () => {
    expect([...new Set(brief(plan))]).toEqual(['add address', 'add table-name', 'add route', 'add rule']);
  });

  it('explains each change in plain words', () => {
    expect(plan.map((change) => change.reason)).toContain('isp2 has no default route in table 102');
  });
});

describe('planChanges and the main default route', () => {
  it('adds one via the default uplink when there is none, tagged as its own', () => {
    const plan = planChanges(CONFIG, bareHost(), null);
    expect(plan).toContainEqual(
      expect.objectContaining({
        action: 'add',
        object: { family: 4, table: 254, dst: 'default', dev: 'eth0', gateway: '198.51.100.1', protocol: 77 },
      }),
    );
  });

  it('leaves a foreign one alone when it already goes via the default uplink', () => {
    const matching: Route = { ...FOREIGN_DEFAULT, gateway: '198.51.100.1' };
    const plan = planChanges(CONFIG, bareHost({ mainDefaults: [matching] }), null);
    expect(plan.filter((change) => change.kind === 'route' && change.object.table === 254)).toEqual([]);
  });

  it('replaces a different foreign one with the same metric, and returns it as previous for the ledger', () => {
    const plan = planChanges(CONFIG, bareHost({ mainDefaults: [FOREIGN_DEFAULT] }), null);
    const main = plan.find((change) => change.kind === 'route' && change.object.table === 254);
    expect(main).toMatchObject({
      action: 'replace',
      object: { gateway: '198.51.100.1', metric: 100, protocol: 77, previous: FOREIGN_DEFAULT },
    });
    expect(nextLedger(null, CONFIG, plan).displacedDefaults).toEqual([FOREIGN_DEFAULT]);
  });

  it('gives the displaced route back when the config stops naming a default uplink', () => {
    const start = bareHost({ mainDefaults: [FOREIGN_DEFAULT] });
    const first = planChanges(CONFIG, start, null);
    const state = simulateApply(start, first);
    const config = makeConfig({ defaults: {} });
    const plan = planChanges(config, state, nextLedger(null, CONFIG, first));
    expect(plan).toContainEqual(
      expect.objectContaining({ action: 'replace', kind: 'route', object: FOREIGN_DEFAULT }),
    );
    expect(plan.some((change) => change.action === 'delete' && change.kind === 'route')).toBe(false);
  });
});

describe('planChanges against an earlier run', () => {
  it('plans nothing for a host that already matches', () => {
    const { state, ledger } = applied();
    expect(planChanges(CONFIG, state, ledger)).toEqual([]);
  });

  it('replaces a route whose gateway changed, and deletes routes and rules of a dropped uplink', () => {
    const { state, ledger } = applied();
    const config = makeConfig({ uplinks: [{ ...ISP1, gateway: '198.51.100.254' }] });
    const plan = planChanges(config, state, ledger);
    expect(brief(plan)).toEqual([
      'replace route',
      'replace route',
      'delete rule',
      'delete route',
      'delete route',
      'delete address',
      'delete table-name',
    ]);
  });

  it('deletes an address only when multihome added it', () => {
    const { state, ledger } = applied();
    const plan = planChanges(makeConfig({ uplinks: [ISP2], defaults: {} }), state, ledger);
    const deleted = plan.filter((change) => change.kind === 'address' && change.action === 'delete');
    expect(deleted.map((change) => change.object)).toEqual([]);
    const without1 = planChanges(makeConfig({ uplinks: [ISP1], defaults: {} }), state, ledger);
    expect(without1.filter((change) => change.kind === 'address').map((change) => change.action)).toEqual([
      'delete',
    ]);
  });

  it('changes a rule by adding the new one before deleting the old one', () => {
    const { state, ledger } = applied();
    const plan = planChanges(makeConfig({ uplinks: [{ ...ISP1, priority: 9000 }, ISP2] }), state, ledger);
    expect(brief(plan.filter((change) => change.kind === 'rule'))).toEqual(['add rule', 'delete rule']);
  });
});

describe('planChanges for sysctls', () => {
  const strictAll = bareHost({ sysctls: { ...bareHost().sysctls, 'net.ipv4.conf.all.rp_filter': '1' } });
  const sysctls = (changes: readonly Change[]) =>
    changes.flatMap((change) => (change.kind === 'sysctl' ? [change.object] : []));

  it('makes a strict `all` loose and remembers the old value', () => {
    expect(sysctls(planChanges(CONFIG, strictAll, null))).toEqual([
      { key: 'net.ipv4.conf.all.rp_filter', value: '2', previous: '1' },
    ]);
  });

  it('makes a strict uplink interface loose too, but leaves 0 and 2 alone', () => {
    const state = bareHost({ sysctls: { ...bareHost().sysctls, 'net.ipv4.conf.eth0.rp_filter': '1' } });
    expect(sysctls(planChanges(CONFIG, state, null))).toEqual([
      { key: 'net.ipv4.conf.eth0.rp_filter', value: '2', previous: '1' },
    ]);
  });

  it('names rp_filter modes rightly in its reasons: 0 off, 1 strict, 2 loose', () => {
    const reasons = (changes: readonly Change[]) =>
      changes.flatMap((change) => (change.kind === 'sysctl' ? [change.reason] : []));
    expect(reasons(planChanges(CONFIG, strictAll, null))).toEqual([
      'net.ipv4.conf.all.rp_filter is 1 (strict), which drops replies via another uplink',
    ]);
    // Drift: an admin set the loosened `all` to 0 (off) after apply; apply holds it at 2 again.
    const { state, ledger } = applied(CONFIG, strictAll);
    const off = { ...state, sysctls: { ...state.sysctls, 'net.ipv4.conf.all.rp_filter': '0' } };
    expect(reasons(planChanges(CONFIG, off, ledger))).toEqual([
      'net.ipv4.conf.all.rp_filter is 0 (off); multihome holds it at 2 (loose)',
    ]);
  });

  it('leaves IPv4 rp_filter alone for IPv6 uplinks: on their interfaces, and on all without an IPv4 uplink', () => {
    const strict = bareHost({
      sysctls: {
        ...bareHost().sysctls,
        'net.ipv4.conf.all.rp_filter': '1',
        'net.ipv4.conf.eth0.rp_filter': '1',
        'net.ipv4.conf.eth1.rp_filter': '1',
      },
    });
    const v6Only = makeConfig({ uplinks: [ISP6], defaults: { 6: 'isp6' } });
    expect(sysctls(planChanges(v6Only, strict, null))).toEqual([]);
    expect(sysctls(planChanges(makeConfig({ uplinks: [ISP1, ISP6] }), strict, null))).toEqual([
      { key: 'net.ipv4.conf.all.rp_filter', value: '2', previous: '1' },
      { key: 'net.ipv4.conf.eth0.rp_filter', value: '2', previous: '1' },
    ]);
  });

  it('never touches rp_filter with rpFilter: keep', () => {
    expect(sysctls(planChanges(makeConfig({ rpFilter: 'keep' }), strictAll, null))).toEqual([]);
  });

  it('sets src_valid_mark per uplink interface with lan, never on all or the lan', () => {
    const keys = sysctls(planChanges(makeConfig({ lan: ['lan0'] }), bareHost(), null)).map(
      (object) => object.key,
    );
    expect(keys).toEqual(['net.ipv4.conf.eth0.src_valid_mark']);
  });

  // The host is read one command after another: a link that came between the read of the links and
  // that of the sysctls (a PPP session redialling) is absent for the planner, so its uplink waits and
  // its sysctls wait with it; writing them would fail once the link went again.
  it('sets nothing on an interface the read of the links did not find, though the sysctl read did', () => {
    const state = bareHost({
      interfaces: ['lo', 'lan0'],
      sysctls: { ...strictAll.sysctls, 'net.ipv4.conf.eth0.rp_filter': '1' },
    });
    const keys = sysctls(planChanges(makeConfig({ lan: ['lan0'] }), state, null)).map((object) => object.key);
    expect(keys).toEqual([]);
  });

  it('restores what it changed when the config no longer needs it, and then forgets it', () => {
    const { state, ledger } = applied(CONFIG, strictAll);
    const config = makeConfig({ rpFilter: 'keep' });
    const plan = planChanges(config, state, ledger);
    expect(sysctls(plan)).toEqual([{ key: 'net.ipv4.conf.all.rp_filter', value: '1', previous: '2' }]);
    expect(nextLedger(ledger, config, plan).sysctlOriginals).toEqual({});
  });
});

describe('planChanges for nftables', () => {
  const config = makeConfig({ lan: ['lan0'] });

  it('adds the table and a masked fwmark rule per uplink when lan is set', () => {
    const plan = planChanges(config, bareHost(), null);
    expect(plan).toContainEqual(
      expect.objectContaining({ action: 'add', kind: 'nftables', object: nftTableFor(config) }),
    );
    expect(plan).toContainEqual(
      expect.objectContaining({
        kind: 'rule',
        object: expect.objectContaining({ fwmark: 2, fwmask: 0xff, priority: 11001 }),
      }),
    );
  });

  it('compares digests: equal is no change, different is one replace', () => {
    const digest = nftTableFor(config)?.digest ?? '';
    const same = planChanges(config, bareHost({ nftTable: { comment: digest, rules: 4 } }), null);
    expect(same.some((change) => change.kind === 'nftables')).toBe(false);
    const stale = planChanges(
      config,
      bareHost({ nftTable: { comment: 'multihome-0000000000000000', rules: 4 } }),
      null,
    );
    expect(brief(stale.filter((change) => change.kind === 'nftables'))).toEqual(['replace nftables']);
  });

  it('refuses to take over an inet multihome table that multihome did not make, naming it', () => {
    for (const comment of [null, 'someone else']) {
      expect(() => planChanges(config, bareHost({ nftTable: { comment, rules: 1 } }), null)).toThrow(
        /nftables table inet multihome exists and was not created by multihome/,
      );
      expect(planRemoval(bareHost({ nftTable: { comment, rules: 1 } }), null)).toEqual([]);
    }
  });

  it('deletes the table when lan goes away', () => {
    const plan = planChanges(
      CONFIG,
      bareHost({ nftTable: { comment: 'multihome-0000000000000000', rules: 4 } }),
      null,
    );
    expect(brief(plan.filter((change) => change.kind === 'nftables'))).toEqual(['delete nftables']);
  });
});
