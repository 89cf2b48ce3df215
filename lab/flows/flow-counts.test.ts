import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { countFor, parseFlowCounts } from './flow-counts.js';

// Captured with `nft -j list table inet lab` on isp1's gateway of a Docker article lab after `lab flows`
// before any fix (tags 47849…47872): isp1's own replies forwarded, every other uplink's dropped as spoofed.
const fixture = readFileSync(new URL('./fixtures/nft-flow-sets-isp1.json', import.meta.url), 'utf8');

describe('parseFlowCounts', () => {
  const counts = parseFlowCounts(fixture);

  it('reads every element of the per-flow sets with its verdict and counter', () => {
    expect(counts.filter((c) => c.verdict === 'spoofed')).toHaveLength(16);
    expect(counts.filter((c) => c.verdict === 'forwarded')).toHaveLength(8);
    expect(counts).toContainEqual({
      verdict: 'spoofed',
      saddr: '192.0.2.10',
      daddr: '100.64.0.101',
      ports: [7, 47854],
      packets: 3,
    });
  });

  it("counts one flow's packets by its peer and client port, or its echo id", () => {
    expect(countFor(counts, { peer: '100.64.0.101', tag: 47854 })).toEqual({ forwarded: 0, spoofed: 3 });
    expect(countFor(counts, { peer: '100.64.0.101', tag: 47849 })).toEqual({ forwarded: 1, spoofed: 0 });
    expect(countFor(counts, { peer: '2001:db8:ff::101', tag: 47861 })).toEqual({ forwarded: 1, spoofed: 0 });
  });

  it('does not take a port that is the service port, or another peer, for the flow', () => {
    expect(countFor(counts, { peer: '100.64.0.101', tag: 7 })).toEqual({ forwarded: 0, spoofed: 0 });
    expect(countFor(counts, { peer: '100.64.0.102', tag: 47854 })).toEqual({ forwarded: 0, spoofed: 0 });
  });

  it('rejects text that is not nft JSON', () => {
    expect(() => parseFlowCounts('{"x": 1}')).toThrow(/nftables/);
  });
});
