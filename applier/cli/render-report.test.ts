import { describe, expect, it } from 'vitest';
import type { StatusReport } from '../verify/status-host.js';
import type { VerifyReport } from '../verify/verify-host.js';
import { renderStatus, renderVerify } from './render-report.js';

describe('renderVerify', () => {
  it('prints one line per check, naming what was expected when the kernel disagrees', () => {
    const report: VerifyReport = {
      ok: false,
      uplinks: [
        {
          name: 'isp1',
          ok: true,
          expected: { gateway: '10.0.1.1', dev: 'eth0' },
          actual: { gateway: '10.0.1.1', dev: 'eth0' },
          checks: [
            {
              kind: 'from',
              command: 'ip -j -4 route get 1.1.1.1 from 10.0.1.10',
              ok: true,
              actual: { gateway: '10.0.1.1', dev: 'eth0' },
            },
          ],
        },
        {
          name: 'isp2',
          ok: false,
          expected: { gateway: '10.0.2.1', dev: 'eth1' },
          actual: { gateway: '10.0.1.1', dev: 'eth0' },
          checks: [
            {
              kind: 'from',
              command: 'ip -j -4 route get 1.1.1.1 from 10.0.2.10',
              ok: false,
              actual: { gateway: '10.0.1.1', dev: 'eth0' },
            },
          ],
        },
      ],
    };
    expect(renderVerify(report).split('\n')).toEqual([
      '✔ isp1: 1.1.1.1 from 10.0.1.10 → via 10.0.1.1 dev eth0',
      '✖ isp2: 1.1.1.1 from 10.0.2.10 → via 10.0.1.1 dev eth0, expected via 10.0.2.1 dev eth1',
      '1 of 2 uplinks do not.',
    ]);
  });
});

describe('renderStatus', () => {
  const empty: StatusReport = {
    nsid: '1',
    configFile: null,
    owned: { routes: [], rules: [], nftTable: false, addresses: [], sysctls: {}, displacedDefaults: [] },
    mainDefault: { 4: [], 6: [] },
    watch: null,
    drift: [],
    waiting: [],
    orphans: false,
    pending: [],
    recovered: 'none',
    strangers: { routes: [], rules: [] },
    deadLedgers: [],
    labelDrift: [],
  };

  it('says when multihome manages nothing', () => {
    expect(renderStatus(empty)).toBe('multihome manages nothing in this network namespace.');
  });

  it('lists owned objects and the drift as plan lines', () => {
    const text = renderStatus({
      ...empty,
      configFile: '/etc/multihome.yaml',
      owned: {
        ...empty.owned,
        rules: [{ family: 4, priority: 10000, table: 100, from: '10.0.1.10', protocol: 77 }],
        sysctls: { 'net.ipv4.conf.all.rp_filter': { original: '1', current: '2' } },
      },
      drift: [
        {
          action: 'add',
          kind: 'rule',
          family: 4,
          object: { family: 4, priority: 10001, table: 101, from: '10.0.2.10', protocol: 77 },
          reason: 'gone',
        },
      ],
    });
    expect(text.split('\n')).toEqual([
      'Managed by multihome, last applied: /etc/multihome.yaml',
      '  rule from 10.0.1.10 lookup 100 pref 10000 protocol 77',
      '  sysctl net.ipv4.conf.all.rp_filter = 2 (was 1)',
      'Drift: apply would make 1 change(s):',
      '+ rule from 10.0.2.10 lookup 101 pref 10001 protocol 77  # gone',
    ]);
  });

  it('names the uplinks waiting for an interface the host does not have, which is no drift', () => {
    const text = renderStatus({
      ...empty,
      configFile: '/etc/multihome.yaml',
      waiting: [{ uplink: 'isp3', interface: 'ppp0' }],
    });
    expect(text.split('\n')).toEqual([
      'Managed by multihome, last applied: /etc/multihome.yaml',
      'Waiting for interfaces this host does not have: isp3 (ppp0).',
      'No drift.',
    ]);
  });

  it("shows the main default, whether a watch runs, each uplink's health and the last events", () => {
    const text = renderStatus({
      ...empty,
      mainDefault: { 4: ['via 10.0.2.1 dev eth1'], 6: [] },
      watch: {
        running: true,
        pid: 42,
        startedAt: '2026-12-01T22:00:00.000Z',
        configFile: '/etc/multihome.yaml',
        health: { isp1: { state: 'down', since: '2026-12-01T22:01:00.000Z' } },
        mainDefault: { 4: 'isp2', 6: null },
        events: [{ at: '2026-12-01T22:01:00.000Z', kind: 'health', message: 'isp1 up → down' }],
      },
    });
    expect(text.split('\n').slice(1)).toEqual([
      'Main default (IPv4): via 10.0.2.1 dev eth1',
      'Watch running since 2026-12-01T22:00:00.000Z (pid 42) for /etc/multihome.yaml',
      '  isp1: down since 2026-12-01T22:01:00.000Z',
      'Last events:',
      '  2026-12-01T22:01:00.000Z health isp1 up → down',
    ]);
  });
});
