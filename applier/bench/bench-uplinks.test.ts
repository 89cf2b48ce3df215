import { describe, expect, it } from 'vitest';
import { articleScript, benchUplinks } from './bench-uplinks.js';

describe('bench uplinks', () => {
  it('gives 200 uplinks distinct /30s with the gateway beside the address', () => {
    const uplinks = benchUplinks(200);
    expect(new Set(uplinks.map((uplink) => uplink.address)).size).toBe(200);
    expect(uplinks[199]).toMatchObject({ address: '10.200.3.29', gateway: '10.200.3.30', prefixLength: 30 });
  });

  it('writes the article’s three commands per uplink, in tables clear of the reserved ones', () => {
    const lines = articleScript(benchUplinks(200)).trim().split('\n');
    expect(lines.filter((line) => line.startsWith('ip '))).toHaveLength(601);
    const tables = lines.flatMap((line) => /table (\d+)/.exec(line)?.[1] ?? []).map(Number);
    expect(tables.filter((table) => table >= 253 && table <= 255)).toEqual([]);
    expect(lines).toContain('ip route add 10.200.3.28/30 dev up0 src 10.200.3.29 table 1199');
  });
});
