import { describe, expect, it } from 'vitest';
import { bareHost, brief, FOREIGN_DEFAULT, ISP6, makeConfig } from '../test-support/fixtures/configs.js';
import { nextLedger } from './next-ledger.js';
import { planChanges, planRemoval, removalLeavesAlone } from './plan.js';
import { simulateApply } from './simulate.js';

describe('planRemoval', () => {
  const config = makeConfig({ uplinks: [...makeConfig().uplinks, ISP6], lan: ['lan0'] });
  const start = bareHost({
    mainDefaults: [FOREIGN_DEFAULT],
    sysctls: { ...bareHost().sysctls, 'net.ipv4.conf.all.rp_filter': '1' },
  });
  const plan = planChanges(config, start, null);
  const applied = simulateApply(start, plan);
  const ledger = nextLedger(null, config, plan);

  it('restores the displaced default first, and sysctls only once rules and routes are gone', () => {
    expect([...new Set(brief(planRemoval(applied, ledger)))]).toEqual([
      'replace route',
      'delete nftables',
      'delete rule',
      'delete route',
      'delete address',
      'replace sysctl',
      'delete table-name',
    ]);
  });

  it('puts back exactly the host it started from', () => {
    const removed = simulateApply(applied, planRemoval(applied, ledger));
    expect(removed).toEqual({ ...start, addresses: removed.addresses, mainDefaults: [FOREIGN_DEFAULT] });
    expect(removed.addresses).toEqual(expect.arrayContaining([...start.addresses]));
    expect(removed.addresses).toHaveLength(start.addresses.length);
  });

  it('names what an admin changed after apply, which it leaves, and nothing when nobody did', () => {
    expect(removalLeavesAlone(applied, ledger)).toEqual([]);
    const changed = {
      ...applied,
      sysctls: { ...applied.sysctls, 'net.ipv4.conf.all.rp_filter': '0' },
      mainDefaults: [...applied.mainDefaults, { ...FOREIGN_DEFAULT, gateway: '192.0.2.254', metric: 5 }],
    };
    const left = removalLeavesAlone(changed, ledger);
    expect(left).toHaveLength(2);
    expect(left[0]).toMatch(/^left net\.ipv4\.conf\.all\.rp_filter at 0: .* not restored to 1$/);
    expect(left[1]).toMatch(
      /^did not re-add the displaced default via .*: the main table has another IPv4 default now \(via 192\.0\.2\.254 /,
    );
    const restored = planRemoval(changed, ledger).flatMap((change) =>
      change.kind === 'sysctl'
        ? [change.object.key]
        : change.kind === 'route' && change.action !== 'delete'
          ? ['route']
          : [],
    );
    expect(restored).not.toContain('net.ipv4.conf.all.rp_filter');
    expect(restored).not.toContain('route');
  });

  it('leaves a displaced default whose interface is gone, and says so, rather than fail on it', () => {
    // A PPP link or modem gone since apply: `ip route add … dev ppp0` would fail the whole remove.
    const gone = {
      ...applied,
      interfaces: applied.interfaces.filter((name) => name !== FOREIGN_DEFAULT.dev),
    };
    const changes = planRemoval(gone, ledger);
    expect(changes.some((change) => change.kind === 'route' && change.action !== 'delete')).toBe(false);
    expect(changes.filter((change) => change.kind === 'rule').length).toBeGreaterThan(0);
    expect(removalLeavesAlone(gone, ledger)).toEqual([
      `did not re-add the displaced default via ${FOREIGN_DEFAULT.gateway} dev ${FOREIGN_DEFAULT.dev}: ${FOREIGN_DEFAULT.dev} is not on this host now (whatever brings it back, a DHCP or PPP client, sets the default again)`,
    ]);
  });

  it('without a ledger still removes everything tagged, and touches nothing else', () => {
    const changes = planRemoval(applied, null);
    expect(changes.every((change) => change.action === 'delete')).toBe(true);
    expect(changes.some((change) => change.kind === 'address' || change.kind === 'sysctl')).toBe(false);
  });
});

describe('nextLedger', () => {
  it('records added addresses, first-seen originals and displaced defaults', () => {
    const start = bareHost({
      mainDefaults: [FOREIGN_DEFAULT],
      sysctls: { ...bareHost().sysctls, 'net.ipv4.conf.all.rp_filter': '1' },
    });
    const ledger = nextLedger(null, makeConfig(), planChanges(makeConfig(), start, null));
    expect(ledger.addedAddresses.map((address) => address.address)).toEqual(['203.0.113.10']);
    expect(ledger.sysctlOriginals).toEqual({ 'net.ipv4.conf.all.rp_filter': '1' });
    expect(ledger.displacedDefaults).toEqual([FOREIGN_DEFAULT]);
  });

  it('keeps the first original when a value is changed again', () => {
    const first = nextLedger(null, makeConfig(), [
      {
        action: 'replace',
        kind: 'sysctl',
        family: 4,
        object: { key: 'k', value: '2', previous: '1' },
        reason: '',
      },
    ]);
    const second = nextLedger(first, makeConfig(), [
      {
        action: 'replace',
        kind: 'sysctl',
        family: 4,
        object: { key: 'k', value: '0', previous: '2' },
        reason: '',
      },
    ]);
    expect(second.sysctlOriginals).toEqual({ k: '1' });
  });
});
