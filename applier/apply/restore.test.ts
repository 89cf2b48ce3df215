import { describe, expect, it } from 'vitest';
import type { HostState } from '../model/types.js';
import { writeSysctlsArgv } from '../state/sysctl-keys.js';
import { restoreSteps } from './restore.js';
import type { Snapshot } from './snapshot.js';
import { address, route, rule } from './test-support/changes.js';

const foreignDefault = { ...route(254, 'default', '10.0.1.1', 'eth1'), protocol: 3 };
const ourDefault = route(254, 'default', '10.0.0.1');

const snapshot: Snapshot = {
  nsid: '1',
  routes: [route(100, 'default', '10.0.0.1'), foreignDefault],
  defaultFamilies: [4],
  rules: [rule(10000, '10.0.0.10', 100)],
  nftText: null,
  sysctls: { 'net.ipv4.conf.all.rp_filter': '1' },
  touchedAddresses: [address('10.0.0.20', 'eth0:0'), address('10.0.0.30')],
  addresses: [address('10.0.0.30')],
  files: { '/etc/a': null, '/etc/b': 'old\n' },
};

const state: HostState = {
  ownedRoutes: [route(100, 'default', '10.0.0.9'), route(101, 'default', '10.0.0.2'), ourDefault],
  mainDefaults: [ourDefault],
  ownedRules: [rule(10000, '10.0.0.10', 100), rule(10001, '10.0.0.20', 101)],
  foreignTables: [],
  addresses: [address('10.0.0.10'), address('10.0.0.20', 'eth0:0')],
  interfaces: ['eth0', 'eth1'],
  nftTable: { comment: 'x', rules: 1 },
  sysctls: {},
};

describe('restoreSteps', () => {
  const steps = restoreSteps(snapshot, state, 'table inet multihome {}\n', {
    '/etc/a': 'new\n',
    '/etc/b': 'old\n',
  });

  it('brings lost addresses back first, then removes extras, re-adds the snapshot, and drops added addresses last', () => {
    expect(steps[0]?.argv).toEqual(['ip', '-4', '-force', '-batch', '-']);
    expect(steps[0]?.lines).toEqual([
      'address add 10.0.0.30/24 dev eth0',
      'rule del from 10.0.0.20 lookup 101 pref 10001 protocol 77',
      'route del default via 10.0.0.9 dev eth0 table 100 proto 77',
      'route del default via 10.0.0.2 dev eth0 table 101 proto 77',
      'route del default via 10.0.0.1 dev eth0 table 254 proto 77',
      'route replace default via 10.0.0.1 dev eth0 table 100 proto 77',
      'route replace default via 10.0.1.1 dev eth1 table 254 proto 3',
      'address del 10.0.0.20/24 dev eth0',
    ]);
  });

  it('then deletes the nft table that was not there, restores sysctls and files', () => {
    expect(steps.slice(1).map((step) => step.argv.join(' '))).toEqual([
      'nft delete table inet multihome',
      writeSysctlsArgv({ 'net.ipv4.conf.all.rp_filter': '1' }).join(' '),
      'rm -f -- /etc/a',
    ]);
  });

  it('leaves the foreign main defaults of a family the changes did not touch alone', () => {
    // Taken by changes that touch no main default: the foreign one is not part of the transaction,
    // so one that is there now is not deleted (nor one that went re-added).
    const untouched: Snapshot = {
      ...snapshot,
      routes: [route(100, 'default', '10.0.0.1')],
      defaultFamilies: [],
    };
    const now: HostState = { ...state, mainDefaults: [ourDefault, foreignDefault] };
    const lines = restoreSteps(untouched, now, null, {}).flatMap((step) => step.lines ?? []);
    expect(lines.filter((line) => line.includes('10.0.1.1'))).toEqual([]);
    // multihome's own main default is owned: it still goes, as every owned route not in the snapshot.
    expect(lines).toContain('route del default via 10.0.0.1 dev eth0 table 254 proto 77');
  });

  it('does nothing when the host already matches the snapshot', () => {
    const same: HostState = {
      ...state,
      ownedRoutes: [snapshot.routes[0] ?? ourDefault],
      mainDefaults: [foreignDefault],
      ownedRules: snapshot.rules,
      addresses: [address('10.0.0.10'), address('10.0.0.30')],
    };
    const none = restoreSteps({ ...snapshot, sysctls: {} }, same, null, {
      '/etc/a': null,
      '/etc/b': 'old\n',
    });
    expect(none).toEqual([]);
  });
});
