import { describe, expect, it } from 'vitest';
import type { GatewayEvidence } from '../lab-types.js';
import { evidenceBetween } from './evidence.js';

const reading = (isp: string, address: string, n: number, spoofed = 0): GatewayEvidence => ({
  isp,
  fromRouter: { [address]: n },
  spoofedDropped: spoofed,
});

describe('evidenceBetween', () => {
  it('reports per-gateway deltas and which ISPs carried router traffic', () => {
    const before = [reading('a', '198.51.100.10', 10), reading('b', '198.51.100.10', 5, 1)];
    const after = [reading('a', '198.51.100.10', 13), reading('b', '198.51.100.10', 5, 4)];
    const evidence = evidenceBetween(before, after);
    expect(evidence.carriedBy).toEqual(['a']);
    expect(evidence.gateways).toEqual([
      { isp: 'a', fromRouter: { '198.51.100.10': 3 }, spoofedDropped: 0 },
      { isp: 'b', fromRouter: { '198.51.100.10': 0 }, spoofedDropped: 3 },
    ]);
  });

  it('counts a reset counter (gateway restarted) from zero rather than negative', () => {
    const evidence = evidenceBetween([reading('a', 'x', 9, 7)], [reading('a', 'x', 2, 1)]);
    expect(evidence.gateways).toEqual([{ isp: 'a', fromRouter: { x: 2 }, spoofedDropped: 1 }]);
    expect(evidence.carriedBy).toEqual(['a']);
  });
});
