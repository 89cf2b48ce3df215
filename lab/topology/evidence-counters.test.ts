import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { defaultTopology } from './default-topology.js';
import { evidenceCounterNames, evidenceDelta, parseCounters } from './evidence-counters.js';

// Captured with `nft -j list counters table inet lab` on isp1's gateway in a netns copy of the article lab,
// after clients pinged all six router addresses: isp1's own replies passed, the others' were BCP38-dropped.
const fixture = readFileSync(new URL('./fixtures/nft-counters-isp1.json', import.meta.url), 'utf8');
const [isp1Counters, isp2Counters] = evidenceCounterNames(defaultTopology());

describe('evidenceCounterNames', () => {
  it('names one counter per router address on every gateway', () => {
    expect(isp1Counters?.node).toBe('isp:isp1');
    expect(isp2Counters?.fromRouter).toEqual({
      '198.51.100.10': 'from_198_51_100_10',
      '2001:db8:1::10': 'from_2001_db8_1__10',
      '192.0.2.10': 'from_192_0_2_10',
      '2001:db8:2::10': 'from_2001_db8_2__10',
      '203.0.113.10': 'from_203_0_113_10',
      '2001:db8:3::10': 'from_2001_db8_3__10',
    });
  });
});

describe('parseCounters', () => {
  it('reads real nft JSON', () => {
    if (!isp1Counters) throw new Error('no counters');
    expect(parseCounters(fixture, isp1Counters)).toEqual({
      isp: 'isp1',
      fromRouter: {
        '198.51.100.10': 10,
        '2001:db8:1::10': 5,
        '192.0.2.10': 0,
        '2001:db8:2::10': 0,
        '203.0.113.10': 0,
        '2001:db8:3::10': 0,
      },
      spoofedDropped: 9,
    });
  });

  it('reads a counter that is absent as 0', () => {
    if (!isp1Counters) throw new Error('no counters');
    const empty = JSON.stringify({ nftables: [{ metainfo: { json_schema_version: 1 } }] });
    expect(parseCounters(empty, isp1Counters).spoofedDropped).toBe(0);
  });

  it('rejects text that is not nft JSON', () => {
    if (!isp1Counters) throw new Error('no counters');
    expect(() => parseCounters('{"x": 1}', isp1Counters)).toThrow(/nftables/);
  });
});

describe('evidenceDelta', () => {
  it('subtracts an earlier reading', () => {
    const before = { isp: 'isp1', fromRouter: { '198.51.100.10': 4 }, spoofedDropped: 2 };
    const after = { isp: 'isp1', fromRouter: { '198.51.100.10': 10 }, spoofedDropped: 9 };
    expect(evidenceDelta(before, after)).toEqual({
      isp: 'isp1',
      fromRouter: { '198.51.100.10': 6 },
      spoofedDropped: 7,
    });
  });
});
