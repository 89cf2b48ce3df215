import ipaddr from 'ipaddr.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  contains,
  hostAt,
  isInside,
  isNetwork,
  networkOf,
  overlaps,
  type ParsedAddress,
  type ParsedCidr,
  parseAddress,
  parseCidr,
  prefixLength,
} from './address.js';

function cidr(text: string): ParsedCidr {
  const parsed = parseCidr(text);
  if (typeof parsed === 'string') throw new Error(parsed);
  return parsed;
}

function address(text: string): ParsedAddress {
  const parsed = parseAddress(text);
  if (typeof parsed === 'string') throw new Error(parsed);
  return parsed;
}

describe('isInside', () => {
  it.each([
    ['198.51.100.1', '198.51.100.10/24', true],
    ['198.51.101.1', '198.51.100.10/24', false],
    ['10.200.0.2', '10.200.0.1/30', true],
    ['10.200.0.6', '10.200.0.1/30', false],
    ['2001:db8:1::1', '2001:db8:1::10/64', true],
    ['2001:db8:2::1', '2001:db8:1::10/64', false],
    ['198.51.100.1', '2001:db8:1::10/64', false],
    ['2001:db8:1::1', '198.51.100.10/24', false],
  ])('%s in %s: %s', (gateway, network, inside) => {
    expect(isInside(address(gateway), cidr(network))).toBe(inside);
  });
});

describe('networkOf', () => {
  it.each([
    ['10.200.3.29/30', '10.200.3.28/30'],
    ['198.51.100.10/24', '198.51.100.0/24'],
    ['2001:db8:1::10/64', '2001:db8:1::/64'],
    ['2001:DB8:1:0:0:0:0:10/48', '2001:db8:1::/48'],
  ])('%s → %s', (text, network) => {
    expect(networkOf(text)).toBe(network);
  });
});

describe('prefix parsing by family', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  // ipaddr.parseCIDR tries IPv6 first and throws (an Error with its stack) for every IPv4 prefix;
  // at 200 uplinks the checks parse about 1,800 prefixes, so that cost ~15 ms of every apply.
  it('never tries IPv6 on an IPv4 prefix, nor IPv4 on an IPv6 one', () => {
    const v6 = vi.spyOn(ipaddr.IPv6, 'parseCIDR');
    const v4 = vi.spyOn(ipaddr.IPv4, 'parseCIDR');
    expect(cidr('10.200.3.29/30').network).toBe('10.200.3.28/30');
    expect(isNetwork('10.200.3.28/30')).toBe(true);
    expect(contains('10.200.3.28/30', '10.200.3.30')).toBe(true);
    expect(overlaps('10.200.3.28/30', '10.200.0.0/16')).toBe(true);
    expect(prefixLength('10.200.3.28/30')).toBe(30);
    expect(hostAt('10.200.0.0/16', 797)).toBe('10.200.3.29');
    expect(v6).not.toHaveBeenCalled();
    v4.mockClear();
    expect(networkOf('2001:db8:1::10/64')).toBe('2001:db8:1::/64');
    expect(overlaps('2001:db8:1::/64', '2001:db8::/32')).toBe(true);
    expect(v4).not.toHaveBeenCalled();
  });

  it('still refuses text that is no prefix of either family', () => {
    expect(() => networkOf('uplink-a/30')).toThrow();
    expect(() => prefixLength('2001:db8::/129')).toThrow();
    expect(parseCidr('10.200.3.1/33')).toMatch(/not a valid IPv4 prefix length/);
  });
});

describe('hostAt', () => {
  it.each([
    ['10.10.0.0/24', 10, '10.10.0.10'],
    ['100.64.0.0/24', 101, '100.64.0.101'],
    // Counted on past the last byte, as the bench's 10.200.0.0/16 of /30s needs.
    ['10.200.0.0/16', 797, '10.200.3.29'],
    // IPv6 hosts read as their IPv4 twins do (the lab writes .10 and ::10), not n in hex.
    ['fd10:10::/64', 10, 'fd10:10::10'],
    ['2001:db8:ff::/64', 101, '2001:db8:ff::101'],
    ['2001:db8:ff::/64', 1, '2001:db8:ff::1'],
  ])('%s, host %i: %s', (prefix, n, host) => {
    expect(hostAt(prefix, n)).toBe(host);
  });
});
