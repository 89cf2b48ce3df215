import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { closestKey } from './closest-key.js';
import { markCapacity, markFits, markFor, parseMarkMask } from './marks.js';
import { parseConfig } from './parse-config.js';
import { HOST } from './test-helpers.js';

describe('mark mask arithmetic', () => {
  it.each([
    [0xff, 255],
    [0xff00, 255],
    [0x3, 3],
    [0x80000000, 1],
    [0xffffffff, 4294967295],
    [0b1011, 3],
  ])('mask %i has room for %i uplinks', (mask, capacity) => {
    expect(markCapacity(mask)).toBe(capacity);
    expect(markFits(markFor(capacity - 1, mask), mask)).toBe(true);
    expect(markFits(markFor(capacity, mask), mask)).toBe(false);
  });

  it('shifts marks to the lowest bit of the mask', () => {
    expect([0, 1, 2].map((index) => markFor(index, 0xff00))).toEqual([0x100, 0x200, 0x300]);
    expect(markFor(0, 0x80000000)).toBe(0x80000000);
  });

  it('reads numbers and hex strings and refuses an empty or oversized mask', () => {
    expect(parseMarkMask(undefined)).toBe(0xff);
    expect(parseMarkMask('0xFF00')).toBe(0xff00);
    expect(parseMarkMask(0)).toMatch(/between/);
    expect(parseMarkMask(2 ** 32)).toMatch(/between/);
  });
});

describe('closestKey', () => {
  it('suggests near misses only', () => {
    const keys = ['name', 'interface', 'address', 'gateway', 'markPriority'];
    expect(closestKey('adress', keys)).toBe('address');
    expect(closestKey('Gateway', keys)).toBe('gateway');
    expect(closestKey('interfce', keys)).toBe('interface');
    expect(closestKey('colour', keys)).toBeUndefined();
  });
});

describe('stable marks', () => {
  const names = ['isp1', 'isp2', 'isp3', 'isp4', 'isp5', 'isp6'];
  const yamlOf = (list: readonly string[]) =>
    `uplinks:\n${list
      .map((name) => {
        const n = names.indexOf(name);
        return `  - name: ${name}\n    interface: eth0\n    address: 198.51.100.${10 + n}/24\n    gateway: 198.51.100.1\n`;
      })
      .join('')}lan: [eth2]\n`;

  it('keeps every remaining uplink’s mark when others are added or removed, and never reuses a retired one', () => {
    fc.assert(
      fc.property(
        fc.subarray(names, { minLength: 1 }),
        fc.subarray(names, { minLength: 1 }),
        (first, second) => {
          const before = parseConfig(yamlOf(first), 'a.yaml', HOST);
          const previousMarks = Object.fromEntries(before.uplinks.map((u) => [u.name, u.mark]));
          const retiredMarks = before.uplinks.filter((u) => !second.includes(u.name)).map((u) => u.mark);
          const after = parseConfig(yamlOf(second), 'b.yaml', { ...HOST, previousMarks, retiredMarks });
          for (const uplink of after.uplinks) {
            if (uplink.name in previousMarks) expect(uplink.mark).toBe(previousMarks[uplink.name]);
            else expect(retiredMarks).not.toContain(uplink.mark);
            expect((uplink.mark & ~after.markMask) >>> 0).toBe(0);
          }
          expect(new Set(after.uplinks.map((u) => u.mark)).size).toBe(after.uplinks.length);
        },
      ),
    );
  });

  it('takes an explicit mark: and refuses one outside the mask or used twice', () => {
    const base = yamlOf(['isp1', 'isp2']);
    const explicit = base.replace('    gateway: 198.51.100.1\n', '    gateway: 198.51.100.1\n    mark: 7\n');
    expect(parseConfig(explicit, 'c.yaml', HOST).uplinks.map((u) => u.mark)).toEqual([7, 1]);
    const outside = base.replace('    gateway: 198.51.100.1\n', '    gateway: 198.51.100.1\n    mark: 256\n');
    expect(() => parseConfig(outside, 'c.yaml', HOST)).toThrow(
      /mark 0x100 is 0 or has bits outside markMask 0xff/,
    );
    const twice = base.replaceAll('    gateway: 198.51.100.1\n', '    gateway: 198.51.100.1\n    mark: 5\n');
    expect(() => parseConfig(twice, 'c.yaml', HOST)).toThrow(/mark 0x5 is already used by uplink isp1/);
  });
});
