import { describe, expect, it } from 'vitest';
import { overlaps } from '../../applier/config/address.js';
import { FORBIDDEN_RANGES, freeTransitSubnets, transitCandidates } from './transit-pool.js';

describe('transit pool', () => {
  it('yields 2048 distinct /27s inside 10.201.0.0/16', () => {
    const all = transitCandidates(() => 0.5);
    expect(new Set(all).size).toBe(2048);
    expect(all.every((cidr) => overlaps('10.201.0.0/16', cidr) && cidr.endsWith('/27'))).toBe(true);
    expect(all[0]).toBe('10.201.128.0/27');
  });

  it('skips subnets already taken by Docker or host routes', () => {
    const free = freeTransitSubnets(['10.201.0.0/17', '10.0.0.0/8:ignored', 'fd00::/64'], () => 0);
    expect(free).toHaveLength(1024);
    expect(free.every((cidr) => !overlaps('10.201.0.0/17', cidr))).toBe(true);
  });

  it('never offers a forbidden range, even with nothing taken', () => {
    const free = freeTransitSubnets([]);
    expect(free.some((cidr) => FORBIDDEN_RANGES.some((bad) => overlaps(bad, cidr)))).toBe(false);
  });
});
