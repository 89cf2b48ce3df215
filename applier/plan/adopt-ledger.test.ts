import { describe, expect, it } from 'vitest';
import { address, route, rule } from '../apply/test-support/changes.js';
import { emptyLedger, type Ledger } from '../model/types.js';
import { makeConfig } from '../test-support/fixtures/configs.js';
import { adoptLedger } from './adopt-ledger.js';

const config = makeConfig();
const boot = { ...route(254, 'default', '10.0.9.1', 'eth1'), protocol: 3 };
const previous: Ledger = {
  ...emptyLedger(config),
  addedAddresses: [address('10.0.0.20', 'eth0:0')],
  sysctlOriginals: { 'net.ipv4.conf.eth0.rp_filter': '1' },
  sysctlValues: { 'net.ipv4.conf.eth0.rp_filter': '2' },
  displacedDefaults: [boot],
  routes: [route(100, 'default', '10.0.0.1')],
  rules: [rule(10000, '10.0.0.10', 100)],
  retiredMarks: [3],
};
const next: Ledger = {
  ...emptyLedger({ ...config, file: '/etc/other.yaml' }),
  addedAddresses: [address('10.0.0.21', 'eth0:0')],
  // A later run saw multihome's own value as the "original": the first-recorded one must win.
  sysctlOriginals: { 'net.ipv4.conf.eth0.rp_filter': '2', 'net.ipv4.conf.eth1.src_valid_mark': '0' },
  sysctlValues: { 'net.ipv4.conf.eth0.rp_filter': '2', 'net.ipv4.conf.eth1.src_valid_mark': '1' },
  displacedDefaults: [{ ...route(254, 'default', '10.0.0.1'), protocol: 77 }],
  routes: [route(100, 'default', '10.0.0.2'), route(101, 'default', '10.0.1.1')],
  rules: [rule(10001, '10.0.0.21', 101)],
  retiredMarks: [5, 3],
};

describe('adoptLedger', () => {
  it('owns what either side of the unfinished run owned, with the originals recorded first', () => {
    const adopted = adoptLedger(previous, next);
    expect(adopted?.config.file).toBe('/etc/other.yaml');
    expect(adopted?.addedAddresses.map((a) => a.address)).toEqual(['10.0.0.20', '10.0.0.21']);
    expect(adopted?.sysctlOriginals).toEqual({
      'net.ipv4.conf.eth0.rp_filter': '1',
      'net.ipv4.conf.eth1.src_valid_mark': '0',
    });
    expect(adopted?.sysctlValues).toEqual(next.sysctlValues);
    // The foreign default displaced first is the one remove must bring back.
    expect(adopted?.displacedDefaults).toEqual([boot]);
    // One route per identity (table, dst, family): the newer content, and table 101's route.
    expect(adopted?.routes).toEqual(next.routes);
    expect(adopted?.rules).toEqual([...previous.rules, ...next.rules]);
    expect(adopted?.retiredMarks).toEqual([3, 5]);
  });

  it('is the side that exists when the other is missing, and null when neither does', () => {
    expect(adoptLedger(null, next)).toBe(next);
    expect(adoptLedger(previous, null)).toBe(previous);
    expect(adoptLedger(null, null)).toBeNull();
  });
});
