import { describe, expect, it } from 'vitest';
import { closestKey } from './closest-key.js';
import { markCapacity, markFits, markFor, parseMarkMask } from './marks.js';

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
