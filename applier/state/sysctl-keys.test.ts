import { describe, expect, it } from 'vitest';
import { ISP1, ISP6, makeConfig } from '../test-support/fixtures/configs.js';
import { effectiveRpFilter, interfaceSysctl, sysctlKey, sysctlKeysFor, sysctlPath } from './sysctl-keys.js';

describe('sysctl keys', () => {
  it('lists rp_filter on all and on uplink interfaces, once each', () => {
    expect(sysctlKeysFor(makeConfig())).toEqual([
      'net.ipv4.conf.all.rp_filter',
      'net.ipv4.conf.eth0.rp_filter',
    ]);
  });

  it('lists rp_filter only for IPv4 uplinks, and on all only when there is one', () => {
    expect(sysctlKeysFor(makeConfig({ uplinks: [ISP1, ISP6] }))).toEqual([
      'net.ipv4.conf.all.rp_filter',
      'net.ipv4.conf.eth0.rp_filter',
    ]);
    expect(sysctlKeysFor(makeConfig({ uplinks: [ISP6], defaults: { 6: 'isp6' } }))).toEqual([]);
  });

  it('adds src_valid_mark per uplink interface with lan, never on all', () => {
    const keys = sysctlKeysFor(makeConfig({ uplinks: [ISP1, ISP6], lan: ['lan0'] }));
    expect(keys).toContain('net.ipv4.conf.eth1.src_valid_mark');
    expect(keys).not.toContain('net.ipv4.conf.all.src_valid_mark');
    expect(keys).not.toContain('net.ipv4.conf.lan0.src_valid_mark');
  });

  it('escapes dotted interface names the way sysctl does, both ways', () => {
    const key = interfaceSysctl('eth0.100', 'rp_filter');
    expect(key).toBe('net.ipv4.conf.eth0/100.rp_filter');
    expect(sysctlPath(key)).toBe('/proc/sys/net/ipv4/conf/eth0.100/rp_filter');
    expect(sysctlKey(sysctlPath(key))).toBe(key);
  });

  it('computes the effective rp_filter as max(all, interface)', () => {
    const sysctls = { 'net.ipv4.conf.all.rp_filter': '1', 'net.ipv4.conf.eth0.rp_filter': '0' };
    expect(effectiveRpFilter(sysctls, 'eth0')).toBe(1);
    expect(effectiveRpFilter({ ...sysctls, 'net.ipv4.conf.eth0.rp_filter': '2' }, 'eth0')).toBe(2);
  });
});
