import { describe, expect, it } from 'vitest';
import { driftMessage } from './inspect-commands.js';

describe("status's exit-1 message", () => {
  it('counts changes only when there are some, never "drift found (0 change(s) to repair)"', () => {
    expect(driftMessage({ drift: [], orphans: true })).toBe(
      'status: multihome-tagged objects exist without a ledger',
    );
    expect(driftMessage({ drift: [], orphans: false, labelDrift: [{}] })).toBe(
      'status: an alias label differs from the config',
    );
    expect(driftMessage({ drift: [{}, {}], orphans: false })).toBe(
      'status: drift found (2 change(s) to repair); `multihome apply` repairs it',
    );
  });
});
