import { familyOf, isCidr } from '../../applier/config/address.js';

/** The range lab transit subnets come from: clear of the host uplink, Docker's default pools and the docs ranges. */
export const TRANSIT_RANGE = '10.201.0.0/16';

/** Lab transit subnets are /27s of TRANSIT_RANGE. */
export const TRANSIT_BLOCK_LENGTH = 27;

/** Ranges no lab network may ever touch, whatever the host's routes say. */
export const FORBIDDEN_RANGES: readonly string[] = [
  '192.0.2.0/24',
  '198.51.100.0/24',
  '203.0.113.0/24',
  '172.16.0.0/12',
  '192.168.0.0/16',
];

/** Every /27 of the transit pool, starting at a random one so parallel labs rarely race for the same. */
export function transitCandidates(random: () => number = Math.random): string[] {
  const size = 2 ** (32 - TRANSIT_BLOCK_LENGTH);
  const count = 65_536 / size;
  const start = Math.floor(random() * count);
  return Array.from({ length: count }, (_, i) => {
    const offset = ((start + i) % count) * size;
    return `10.201.${Math.floor(offset / 256)}.${offset % 256}/${TRANSIT_BLOCK_LENGTH}`;
  });
}

/**
 * Candidates overlapping none of `taken` (existing Docker subnets, host routes) nor the forbidden ranges.
 * Each range is turned into numbers once: comparing 2,048 candidates by re-parsing both sides cost
 * 150-600 ms of every `lab up`.
 */
export function freeTransitSubnets(taken: readonly string[], random?: () => number): string[] {
  const blocked = [...taken, ...FORBIDDEN_RANGES]
    .filter((cidr) => isCidr(cidr) && familyOf(cidr) === 4)
    .map(span);
  return transitCandidates(random).filter((cidr) => {
    const [first, last] = span(cidr);
    return !blocked.some(([from, to]) => first <= to && from <= last);
  });
}

/** A valid IPv4 prefix as its first and last address, as numbers. */
function span(cidr: string): readonly [number, number] {
  const [address = '', length = '32'] = cidr.split('/');
  const value = address.split('.').reduce((sum, octet) => sum * 256 + Number(octet), 0);
  const size = 2 ** (32 - Number(length));
  const start = value - (value % size);
  return [start, start + size - 1];
}
