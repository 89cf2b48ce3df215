import { describe, expect, it } from 'vitest';
import { carriers, counterDelta, parseGatewayCounters, type WorldCounters } from './counters.js';

const listing = JSON.stringify({
  nftables: [
    { metainfo: { version: '1.0.6' } },
    { counter: { family: 'inet', name: 'from_isp2', table: 'bcp38', packets: 4, bytes: 240 } },
    { counter: { family: 'inet', name: 'forwarded', table: 'bcp38', packets: 7, bytes: 420 } },
    { counter: { family: 'inet', name: 'spoofed', table: 'bcp38', packets: 5, bytes: 300 } },
  ],
});

describe('gateway counters', () => {
  it('parses nft -j list counters by name', () => {
    expect(parseGatewayCounters(listing)).toEqual({ forwarded: 7, spoofed: 5, from: { isp2: 4 } });
  });

  it('subtracts per counter and names the gateways that saw an address', () => {
    const zero = { forwarded: 0, spoofed: 0, from: { isp2: 0 } };
    const before: WorldCounters = { isp1: zero, isp2: zero, isp3: zero };
    const after: WorldCounters = {
      isp1: { forwarded: 1, spoofed: 3, from: { isp2: 3 } },
      isp2: zero,
      isp3: zero,
    };
    const delta = counterDelta(before, after);
    expect(delta.isp1).toEqual({ forwarded: 1, spoofed: 3, from: { isp2: 3 } });
    expect(carriers(delta, 'isp2')).toEqual(['isp1']);
    expect(carriers(delta, 'isp3')).toEqual([]);
  });
});
