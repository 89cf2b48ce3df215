import { describe, expect, it } from 'vitest';
import { exitCodeFor } from '../errors.js';
import { parseSeconds, parseWait } from './runner-for.js';

// What Number() would take but a person did not write as whole seconds: blanks, signs, fractions,
// exponents, hex, and the empty string (Number('') is 0).
const NOT_WHOLE = [' 5', '5 ', '+5', '-1', '5.0', '1.5', '1e3', '0x10', '', 'five'];

describe('whole seconds on the command line', () => {
  it('--confirm takes 1 to 86400 written as digits, and nothing else (exit 2)', () => {
    expect(parseSeconds('--confirm', '1')).toBe(1);
    expect(parseSeconds('--confirm', '86400')).toBe(86_400);
    for (const value of [...NOT_WHOLE, '0', '86401']) {
      const thrown = (() => {
        try {
          parseSeconds('--confirm', value);
        } catch (error) {
          return error;
        }
        return undefined;
      })();
      expect(exitCodeFor(thrown), JSON.stringify(value)).toBe(2);
      expect(String(thrown), JSON.stringify(value)).toContain(
        `--confirm wants whole seconds between 1 and 86400, not "${value}"`,
      );
    }
  });

  it('--wait takes 0 to 86400 written as digits, and nothing else (exit 2)', () => {
    expect(parseWait(undefined)).toBeUndefined();
    expect(parseWait('0')).toBe(0);
    expect(parseWait('86400')).toBe(86_400);
    for (const value of [...NOT_WHOLE, '86401']) {
      expect(() => parseWait(value), JSON.stringify(value)).toThrow(/--wait wants whole seconds/);
    }
  });
});
