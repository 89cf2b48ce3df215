import { describe, expect, it } from 'vitest';
import { isInside, type ParsedAddress, type ParsedCidr, parseAddress, parseCidr } from './address.js';

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
