import { describe, expect, it } from 'vitest';
import {
  hostAt,
  isInside,
  networkOf,
  type ParsedAddress,
  type ParsedCidr,
  parseAddress,
  parseCidr,
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
