import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { LOCATING_PARSER_ONLY, plainYamlValue } from './plain-yaml.js';
import { parseYamlSource } from './yaml-source.js';

// The value `parseYamlSource` (the `yaml` library) gives, or undefined when it refuses the text.
function locatingValue(text: string): { value: unknown } | undefined {
  try {
    return { value: parseYamlSource(text, 'f.yaml').value };
  } catch {
    return undefined;
  }
}

// Whatever js-yaml reads of a well-formed document, `yaml` must read too, to the same value: apply
// trusts js-yaml's value whenever the file has nothing to report, and `yaml`'s otherwise. (On
// malformed text the two can differ, e.g. " ---" is a scalar to one and an empty document to the
// other; apply/load-config.test.ts splices such text into configs and shows no config changes.)
function expectSameValue(text: string): void {
  const plain = plainYamlValue(text);
  if (plain === undefined) return;
  const located = locatingValue(text);
  expect(located, `yaml refused what js-yaml read: ${JSON.stringify(text)}`).toBeDefined();
  expect(plain.value).toStrictEqual(located?.value);
}

// Plain scalars as the YAML 1.2 core schema resolves them, and the forms around its edges.
const SCALARS = [
  ...['0', '1', '-1', '+1', '00', '017', '0o17', '0O17', '0x1F', '0X1F', '0b11', '1_000', '0x', '0o8'],
  ...['1.5', '.5', '5.', '-.5', '+.5', '1e3', '1E3', '1e+3', '-1.5e-3', '0.', '-0', '1,000', '0.1.2'],
  ...['.inf', '-.Inf', '+.INF', '.nan', '.NaN', '.NAN', 'inf', 'NaN', 'Infinity'],
  ...['true', 'True', 'TRUE', 'tRue', 'false', 'yes', 'no', 'on', 'off', 'y', 'n'],
  ...['null', 'Null', 'NULL', '~', '', 'nil'],
  ...['2001-01-01', '12:30:00', '1:20', '198.51.100.10/24', '2001:db8::1', 'fe80::1', 'eth0:0'],
  ...['"1"', "'1'", '"0x10"', '"true"', '"a\\tb"', "'it''s'", '1 # comment', '|\n  x\n  y', '>-\n  x\n  y'],
];

describe('plainYamlValue', () => {
  it.each(SCALARS)('reads the scalar %j as the locating parser does', (scalar) => {
    const text = `key: ${scalar}\n`;
    expect(plainYamlValue(text)).toBeDefined();
    expectSameValue(text);
  });

  it('reads scalars as keys as the locating parser does', () => {
    for (const scalar of SCALARS.filter((s) => !s.includes('\n') && !s.includes('#') && s !== ''))
      expectSameValue(`${scalar}: value\n`);
  });

  it.each([
    ['a tag', 'uplinks: !!str 1\n'],
    ['an anchor and alias', 'a: &x 1\nb: *x\n'],
    ['a directive', '%YAML 1.1\n---\na: yes\n'],
    ['a marker character in a comment', 'a: 1 # 100% sure\n'],
    ['a syntax error', 'uplinks:\n  - name: isp1\n    interface: [eth0\n'],
    ['a duplicate key', 'a: 1\na: 2\n'],
    ['two documents', 'a: 1\n---\nb: 2\n'],
    ['a carriage return without a line feed', 'interface: up0\r\n'.replace('\n', '')],
  ])('leaves %s to the locating parser', (_, text) => {
    expect(plainYamlValue(text)).toBeUndefined();
  });

  it('gives null for an empty document, as the locating parser does', () => {
    expectSameValue('');
    expectSameValue('# only a comment\n');
  });

  it('reads every document the yaml library writes to the same value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = stringify(value);
        if (!LOCATING_PARSER_ONLY.test(text)) expect(plainYamlValue(text)).toBeDefined();
        expectSameValue(text);
      }),
      { numRuns: 1000 },
    );
  });
});
